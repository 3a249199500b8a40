// A node:cluster app with two workers sharing one port. It never mentions the SDK: the preload
// (flag, NODE_OPTIONS or clickstack-instrument) starts it in the primary and in each worker.
import cluster from 'node:cluster';
import { createServer } from 'node:http';

const WORKERS = 2;

if (cluster.isPrimary) {
  const workers = [];
  cluster.on('listening', (worker, address) => {
    workers.push(worker.process.pid);
    if (workers.length === WORKERS) {
      console.log(JSON.stringify({ ready: true, url: `http://127.0.0.1:${address.port}`, primary: process.pid, workers }));
    }
  });
  for (let i = 0; i < WORKERS; i++) cluster.fork();
} else {
  // Port 0 in a worker: the primary hands every worker the same port.
  createServer((req, res) => res.end(String(process.pid))).listen(0, '127.0.0.1');
}
