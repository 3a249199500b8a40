// A server that uses signal-exit (as many CLIs and loggers do) and has no SIGTERM handler of its own.
import { createServer } from 'node:http';
import { onExit } from 'signal-exit';

onExit((code, signal) => console.log(JSON.stringify({ onExit: { code, signal } })));
const server = createServer((req, res) => res.end(`hello from ${req.url}`));
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ ready: true, url: `http://127.0.0.1:${server.address().port}` })));
