// Express 5 + pino, native ESM imports. Prints a ready line; stdin closing is the cue to stop.
import express from 'express';
import pino from 'pino';

const log = pino();
const app = express();
app.get('/users/:id', (req, res) => {
  log.info({ user: req.params.id }, `lookup user ${req.params.id}`);
  res.json({ id: req.params.id });
});
const server = app.listen(0, '127.0.0.1', () =>
  console.log(JSON.stringify({ ready: true, url: `http://127.0.0.1:${server.address().port}` })),
);
process.stdin.on('end', () => server.close()).resume();
