import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeTransport } from './transport';

/** A real loopback server; its sockets are unref'd so only the client's can hold the loop. */
async function startServer(handler: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void) {
  const seen: { headers: IncomingMessage['headers']; body: Buffer }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ headers: req.headers, body });
      handler(req, res, body);
    });
  });
  server.on('connection', (s) => s.unref());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  server.unref();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
  cleanups.push(() => new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections())));
  return { url, seen };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const body = new TextEncoder().encode('payload');
const never = () => new AbortController().signal;

describe('Node OTLP transport', () => {
  // First, so no socket from another test is still closing (a closing handle counts as active).
  it('holds no ref on the event loop while a request is on the wire', async () => {
    const server = await startServer(() => {}); // never answers
    const transport = createNodeTransport({ url: server.url, headers: {}, protocol: 'http/protobuf' });
    cleanups.push(() => transport.shutdown());
    const tcp = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    const before = tcp();
    const controller = new AbortController();
    const sent = transport.send(body, 60_000, controller.signal).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 100)); // connected and waiting for the answer
    expect(server.seen).toHaveLength(1);
    expect(tcp()).toBe(before);
    controller.abort();
    await sent;
  });

  it('POSTs the body with the protocol\'s content type and the configured headers', async () => {
    const server = await startServer((_, res) => res.end());
    for (const [protocol, contentType] of [['http/protobuf', 'application/x-protobuf'], ['http/json', 'application/json']] as const) {
      const transport = createNodeTransport({ url: server.url, headers: { authorization: 'k' }, protocol });
      cleanups.push(() => transport.shutdown());
      await expect(transport.send(body, 5_000, never())).resolves.toEqual({ status: 200 });
      const last = server.seen.at(-1)!;
      expect(last.headers['content-type']).toBe(contentType);
      expect(last.headers.authorization).toBe('k');
      expect(last.headers['content-length']).toBe(String(body.byteLength));
      expect(last.body.toString()).toBe('payload');
    }
  });

  it('resolves with any HTTP status, Retry-After, and the body of a 2xx', async () => {
    const answers = [
      (res: ServerResponse) => res.writeHead(429, { 'retry-after': '7' }).end('slow down'),
      (res: ServerResponse) => res.writeHead(200).end('{"partialSuccess":{}}'),
    ];
    const server = await startServer((_, res) => answers.shift()!(res));
    const transport = createNodeTransport({ url: server.url, headers: {}, protocol: 'http/json' });
    cleanups.push(() => transport.shutdown());
    await expect(transport.send(body, 5_000, never())).resolves.toEqual({ status: 429, retryAfter: '7' });
    const ok = await transport.send(body, 5_000, never());
    expect(ok.status).toBe(200);
    expect(new TextDecoder().decode(ok.body)).toBe('{"partialSuccess":{}}');
  });

  it('rejects when nothing listens', async () => {
    const transport = createNodeTransport({ url: 'http://127.0.0.1:9/v1/traces', headers: {}, protocol: 'http/protobuf' });
    await expect(transport.send(body, 5_000, never())).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('gives up after its timeout, and at once when the signal aborts', async () => {
    const server = await startServer(() => {}); // never answers
    const transport = createNodeTransport({ url: server.url, headers: {}, protocol: 'http/protobuf' });
    cleanups.push(() => transport.shutdown());
    await expect(transport.send(body, 100, never())).rejects.toThrow('timed out after 100 ms');
    const controller = new AbortController();
    const sent = transport.send(body, 60_000, controller.signal);
    controller.abort(new Error('shutting down'));
    await expect(sent).rejects.toThrow('shutting down');
  });

  it('uses http.request as it was at import, so a later patch (our tracing) never sees exports', async () => {
    const server = await startServer((_, res) => res.end());
    const transport = createNodeTransport({ url: server.url, headers: {}, protocol: 'http/protobuf' });
    cleanups.push(() => transport.shutdown());
    const original = http.request;
    let patchedCalls = 0;
    http.request = ((...args: Parameters<typeof http.request>) => {
      patchedCalls++;
      return original(...args);
    }) as typeof http.request;
    cleanups.push(() => void (http.request = original));
    await expect(transport.send(body, 5_000, never())).resolves.toEqual({ status: 200 });
    expect(patchedCalls).toBe(0);
  });
});
