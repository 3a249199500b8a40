/**
 * The cheapest OTLP/HTTP receiver that is still honest: it reads every body, answers 200 with an
 * empty response in the request's encoding, and counts requests and bytes. It does not decode
 * (the e2e receiver does that); decoding would spend this 2-core machine's CPU on the receiver
 * instead of on the code being measured. It does look for a marker string in the (decompressed) bodies, which is how the
 * bench tells whether network capture actually recorded anything.
 *
 * Other routes (a page, a test endpoint) can be added with `routes`, so one loopback server can
 * play page origin, API and collector at once for the browser bench.
 */
import { createServer } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

/** Headers a browser exporter or an instrumented page may send cross-origin. */
const ALLOWED_HEADERS = 'content-type, authorization, traceparent, tracestate, baggage, x-bench-marker';

/**
 * @param {{ marker?: string, routes?: Record<string, (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, body: Buffer) => void> }} [options]
 */
export async function startSink({ marker, routes = {} } = {}) {
  const stats = { exports: 0, bytes: 0, markerSeen: false };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = (req.url ?? '/').split('?')[0];
      res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
      res.setHeader('access-control-allow-headers', ALLOWED_HEADERS);
      res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
      if (req.method === 'OPTIONS') return void res.writeHead(204).end();
      const route = routes[path];
      if (route) return route(req, res, body);
      if (req.method === 'POST' && path.startsWith('/v1/')) {
        stats.exports += 1;
        stats.bytes += body.length;
        if (marker && !stats.markerSeen) stats.markerSeen = decoded(body, req.headers['content-encoding']).includes(marker);
        // An empty Export*ServiceResponse: zero bytes in protobuf, `{}` in JSON. Answering JSON to a
        // protobuf export would make the exporter log a decode error on every batch.
        const protobuf = /protobuf/.test(req.headers['content-type'] ?? '');
        return void res
          .writeHead(200, { 'content-type': protobuf ? 'application/x-protobuf' : 'application/json' })
          .end(protobuf ? '' : '{}');
      }
      res.writeHead(404).end();
    });
  });
  // Keep-alive sockets from exporters must not hold close() open (close() ends them all). Node's
  // client agent drops a pooled socket one second before the server's advertised keep-alive
  // timeout, so with 1 s every export opened a new TCP connection, unlike a real collector.
  server.keepAliveTimeout = 5_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats,
    reset() {
      Object.assign(stats, { exports: 0, bytes: 0, markerSeen: false });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}

/** The body as text, decompressed when the exporter compressed it; '' if it cannot be read. */
function decoded(body, encoding) {
  try {
    if (encoding === 'gzip') return gunzipSync(body).toString('latin1');
    if (encoding === 'deflate') return inflateSync(body).toString('latin1');
    if (encoding === 'br') return brotliDecompressSync(body).toString('latin1');
    return body.toString('latin1');
  } catch {
    return '';
  }
}

/**
 * A loopback port that refuses connections: bind an ephemeral port, then close it. Nothing else
 * on this machine binds it again within a bench run in practice (the kernel hands out ephemeral
 * ports round-robin), which is good enough for "the collector is down".
 */
export async function refusedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  await new Promise((resolve) => server.close(resolve));
  return port;
}
