// Fastify + pino, CommonJS. Prints a ready line; stdin closing is the cue to stop.
const Fastify = require('fastify');
const pino = require('pino');

const log = pino();
const app = Fastify();
app.get('/users/:id', async (request) => {
  log.info({ user: request.params.id }, `lookup user ${request.params.id}`);
  return { id: request.params.id };
});
app.listen({ port: 0, host: '127.0.0.1' }).then(() => {
  console.log(JSON.stringify({ ready: true, url: `http://127.0.0.1:${app.server.address().port}` }));
});
process.stdin.on('end', () => app.close()).resume();
