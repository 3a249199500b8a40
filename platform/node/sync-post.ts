/**
 * postSync(requests, timeoutMillis): HTTP POSTs that complete before this function returns, for
 * the one moment when nothing asynchronous can run any more: a process dying of an uncaught
 * exception (Node prints the error and exits right after `uncaughtExceptionMonitor` returns, and
 * only a synchronous listener runs on `exit`).
 *
 * The requests are made by a short-lived worker thread, which has an event loop of its own, while
 * this thread blocks in `Atomics.wait` on a shared flag, at most `timeoutMillis`. Nothing is
 * printed, whatever happens: the dying app's stderr must read exactly as it would without us.
 * The worker is plain `node:http(s)` with no instrumentation loaded, so the export is never traced.
 */
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import type { PendingExport } from '../../src/platform';
import { DISTRO_NAME, VERSION } from '../../src/version';
import { readTlsMaterial } from './export-tls';

const CONTENT_TYPES = { 'http/protobuf': 'application/x-protobuf', 'http/json': 'application/json' } as const;

/** Flag values in the shared buffer. */
const PENDING = 0;

/** The worker's whole program: POST every request at once, then raise the flag. */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const flag = new Int32Array(workerData.flag);
let left = workerData.requests.length;
const done = () => { if (--left === 0) { Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); } };
for (const r of workerData.requests) {
  try {
    const client = r.url.startsWith('https:') ? require('node:https') : require('node:http');
    const req = client.request(r.url, { method: 'POST', ...r.tls, headers: { ...r.headers, 'content-length': r.body.byteLength } }, (res) => {
      res.resume();
      res.on('end', done);
      res.on('error', done);
    });
    req.on('error', done);
    req.end(Buffer.from(r.body.buffer, r.body.byteOffset, r.body.byteLength));
  } catch { done(); }
}
`;

/**
 * Sends the requests and returns when each has finished, answered or failed (true), or when
 * the time ran out (false). Never throws.
 */
export function postSync(requests: readonly PendingExport[], timeoutMillis: number): boolean {
  if (requests.length === 0) return true;
  try {
    const flag = new SharedArrayBuffer(4);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { flag, requests: requests.map((r) => ({
        url: r.url,
        headers: {
          'user-agent': `${DISTRO_NAME}/${VERSION}`,
          ...r.headers,
          'content-type': CONTENT_TYPES[r.protocol],
          ...(r.compression === 'gzip' && { 'content-encoding': 'gzip' }),
        },
        body: r.compression === 'gzip' ? gzipSync(r.body) : r.body,
        tls: r.url.startsWith('https:') ? readTlsMaterial(r.tls) : {},
      })) },
      stdout: true, // whatever the worker might print stays out of the app's output
      stderr: true,
      // Neither the parent's flags nor NODE_OPTIONS: a preload (`--import clickstack-otel/register`)
      // would otherwise start a second SDK inside the worker and delay the send.
      execArgv: [],
      env: {},
    });
    // Should the process live on after all (the app handled the error), the worker never holds it.
    worker.unref();
    const outcome = Atomics.wait(new Int32Array(flag), 0, PENDING, timeoutMillis);
    if (outcome === 'timed-out') void worker.terminate();
    return outcome !== 'timed-out';
  } catch {
    return false;
  }
}
