// Express 5 calling Redis through ioredis and node-redis, native ESM imports.
// REDIS_PORT: a redis-server on 127.0.0.1 started by the test. stdin closing is the cue to stop.
import express from 'express';
import Redis from 'ioredis';
import { createClient } from 'redis';

const port = Number(process.env.REDIS_PORT);
const ioredis = new Redis({ host: '127.0.0.1', port, lazyConnect: true });
const nodeRedis = createClient({ socket: { host: '127.0.0.1', port } });
await Promise.all([ioredis.connect(), nodeRedis.connect()]);

const app = express();
app.get('/cart/:id', async (req, res) => {
  await ioredis.set(`cart:${req.params.id}`, 'ioredis');
  const viaNodeRedis = await nodeRedis.get(`cart:${req.params.id}`);
  res.json({ id: req.params.id, value: viaNodeRedis });
});
const server = app.listen(0, '127.0.0.1', () =>
  console.log(JSON.stringify({ ready: true, url: `http://127.0.0.1:${server.address().port}` })),
);
process.stdin.on('end', async () => {
  server.close();
  await Promise.all([ioredis.quit(), nodeRedis.quit()]);
}).resume();
