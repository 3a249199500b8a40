// Fastify + winston, native ESM imports. Prints a ready line; stdin closing is the cue to stop.
import Fastify from 'fastify';
import winston from 'winston';

const log = winston.createLogger({ format: winston.format.json(), transports: [new winston.transports.Console()] });
const app = Fastify();
app.get('/users/:id', async (request) => {
  log.info(`lookup user ${request.params.id}`, { user: request.params.id });
  return { id: request.params.id };
});
await app.listen({ port: 0, host: '127.0.0.1' });
console.log(JSON.stringify({ ready: true, url: `http://127.0.0.1:${app.server.address().port}` }));
process.stdin.on('end', () => app.close()).resume();
