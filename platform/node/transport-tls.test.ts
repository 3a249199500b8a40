import { Worker } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCerts } from '../../e2e/fixtures/test-certs.mjs';
import { createNodeTransport } from './transport';
import { postSync } from './sync-post';

let certs: ReturnType<typeof makeTestCerts>;
const closers: (() => void)[] = [];
beforeAll(() => {
  certs = makeTestCerts();
});
afterAll(() => closers.forEach((c) => c()));

interface Seen {
  headers: Record<string, string>;
  body: Buffer;
  clientCN?: string;
}

// The receiver runs in a worker thread: postSync blocks this thread, as it blocks a dying process.
const RECEIVER = `
const { parentPort, workerData: w } = require('node:worker_threads');
const seen = [];
const handler = (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const peer = req.socket.getPeerCertificate ? req.socket.getPeerCertificate() : undefined;
    seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString('base64'), clientCN: peer && peer.subject ? peer.subject.CN : undefined });
    res.end();
  });
};
const server = w.kind === 'https'
  ? require('node:https').createServer({ key: w.key, cert: w.cert, ca: w.ca, requestCert: w.mtls, rejectUnauthorized: w.mtls }, handler)
  : require('node:http').createServer(handler);
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', () => parentPort.postMessage({ seen }));
`;

/** A loopback OTLP-ish receiver over https (or http) in a worker thread, recording what arrives. */
async function receiver(kind: 'http' | 'https', mtls = false) {
  const worker = new Worker(RECEIVER, { eval: true, workerData: { kind, mtls, key: certs.serverKey, cert: certs.serverCert, ca: certs.ca } });
  closers.push(() => void worker.terminate());
  const { port } = await new Promise<{ port: number }>((resolve) => worker.once('message', resolve));
  const seen = () =>
    new Promise<Seen[]>((resolve) => {
      worker.once('message', (m: { seen: (Omit<Seen, 'body'> & { body: string })[] }) =>
        resolve(m.seen.map((x) => ({ ...x, body: Buffer.from(x.body, 'base64') }))),
      );
      worker.postMessage('report');
    });
  return { url: `${kind}://127.0.0.1:${port}/v1/traces`, seen };
}

const payload = new TextEncoder().encode(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: Array(50).fill({ name: 'GET /x' }) }] }] }));
const never = () => new AbortController().signal;

describe('Node transport: compression', () => {
  it('gzip: content-encoding set, the body is the gzip of the payload and smaller', async () => {
    const r = await receiver('http');
    const t = createNodeTransport({ url: r.url, headers: {}, protocol: 'http/json', compression: 'gzip' });
    await expect(t.send(payload, 5_000, never())).resolves.toEqual({ status: 200 });
    t.shutdown();
    const [got] = await r.seen();
    expect(got!.headers['content-encoding']).toBe('gzip');
    expect(got!.body.length).toBeLessThan(payload.length);
    expect(new Uint8Array(gunzipSync(got!.body))).toEqual(payload);
  });

  it('none: the payload as it is, no content-encoding', async () => {
    const r = await receiver('http');
    const t = createNodeTransport({ url: r.url, headers: {}, protocol: 'http/json', compression: 'none' });
    await t.send(payload, 5_000, never());
    t.shutdown();
    const [got] = await r.seen();
    expect(got!.headers['content-encoding']).toBeUndefined();
    expect(new Uint8Array(got!.body)).toEqual(payload);
  });

  it('the synchronous exit path gzips too', async () => {
    const r = await receiver('http');
    expect(postSync([{ url: r.url, headers: {}, protocol: 'http/json', compression: 'gzip', body: payload }], 5_000)).toBe(true);
    const [got] = await r.seen();
    expect(got!.headers['content-encoding']).toBe('gzip');
    expect(new Uint8Array(gunzipSync(got!.body))).toEqual(payload);
  });
});

describe('Node transport: TLS', () => {
  it('a private CA: refused without OTEL_EXPORTER_OTLP_CERTIFICATE, accepted with it', async () => {
    const r = await receiver('https');
    const plain = createNodeTransport({ url: r.url, headers: {}, protocol: 'http/json' });
    await expect(plain.send(payload, 5_000, never())).rejects.toThrow(/self-signed certificate|unable to verify/);
    plain.shutdown();
    const trusted = createNodeTransport({ url: r.url, headers: {}, protocol: 'http/json', tls: { ca: certs.caFile } });
    await expect(trusted.send(payload, 5_000, never())).resolves.toEqual({ status: 200 });
    trusted.shutdown();
    expect(await r.seen()).toHaveLength(1);
  });

  it('mTLS: the server sees our client certificate; without one the handshake fails', async () => {
    const r = await receiver('https', true);
    const anonymous = createNodeTransport({ url: r.url, headers: {}, protocol: 'http/json', tls: { ca: certs.caFile } });
    await expect(anonymous.send(payload, 5_000, never())).rejects.toThrow();
    anonymous.shutdown();
    const t = createNodeTransport({
      url: r.url,
      headers: {},
      protocol: 'http/json',
      tls: { ca: certs.caFile, cert: certs.clientCertFile, key: certs.clientKeyFile },
    });
    await expect(t.send(payload, 5_000, never())).resolves.toEqual({ status: 200 });
    t.shutdown();
    expect((await r.seen()).map((x) => x.clientCN)).toEqual(['client']);
  });

  it('the synchronous exit path uses the same TLS files (mTLS)', async () => {
    const r = await receiver('https', true);
    const tls = { ca: certs.caFile, cert: certs.clientCertFile, key: certs.clientKeyFile };
    expect(postSync([{ url: r.url, headers: {}, protocol: 'http/json', tls, body: payload }], 5_000)).toBe(true);
    expect((await r.seen()).map((x) => x.clientCN)).toEqual(['client']);
  });

  it('an unreadable CA file: no throw, the export fails verification as without it', async () => {
    const r = await receiver('https');
    const t = createNodeTransport({ url: r.url, headers: {}, protocol: 'http/json', tls: { ca: '/nonexistent/ca.pem' } });
    await expect(t.send(payload, 5_000, never())).rejects.toThrow(/self-signed certificate|unable to verify/);
    t.shutdown();
  });
});
