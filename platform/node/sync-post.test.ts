import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSync } from './sync-post';

// The receiver runs in a worker thread: postSync blocks this one, as it blocks a dying process.
const RECEIVER = `
const { parentPort } = require('node:worker_threads');
const http = require('node:http');
const seen = [];
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    seen.push({ path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() });
    if (req.url === '/hang') return; // never answers
    res.end('{}');
  });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', () => parentPort.postMessage({ seen }));
`;

let receiver: Worker;
let base: string;
const seen = () =>
  new Promise<{ path: string; headers: Record<string, string>; body: string }[]>((resolve) => {
    receiver.once('message', (m) => resolve(m.seen));
    receiver.postMessage('report');
  });

beforeAll(async () => {
  receiver = new Worker(RECEIVER, { eval: true });
  const { port } = await new Promise<{ port: number }>((resolve) => receiver.once('message', resolve));
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => receiver.terminate());

describe('postSync', () => {
  it('returns only after every request was answered, with content type and headers', async () => {
    const body = (s: string) => new TextEncoder().encode(s);
    const ok = postSync(
      [
        { url: `${base}/v1/traces`, headers: { authorization: 'k' }, protocol: 'http/protobuf', body: body('spans') },
        { url: `${base}/v1/logs`, headers: {}, protocol: 'http/json', body: body('{"logs":1}') },
      ],
      5_000,
    );
    expect(ok).toBe(true);
    const got = await seen();
    expect(got.map((r) => [r.path, r.headers['content-type'], r.body]).sort()).toEqual([
      ['/v1/logs', 'application/json', '{"logs":1}'],
      ['/v1/traces', 'application/x-protobuf', 'spans'],
    ]);
    expect(got.find((r) => r.path === '/v1/traces')!.headers.authorization).toBe('k');
  });

  it('gives up after its bound when the collector never answers, and when it is unreachable', () => {
    expect(postSync([{ url: `${base}/hang`, headers: {}, protocol: 'http/json', body: new Uint8Array(1) }], 300)).toBe(false);
    // Refused connections finish at once (true: nothing is left waiting).
    expect(postSync([{ url: 'http://127.0.0.1:9/v1/logs', headers: {}, protocol: 'http/json', body: new Uint8Array(1) }], 2_000)).toBe(true);
    expect(postSync([], 10)).toBe(true);
  });
});
