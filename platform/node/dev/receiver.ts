/**
 * The local OTLP/HTTP receiver behind `clickstack-otel dev`: POST /v1/traces, /v1/logs and
 * /v1/metrics in OTLP/JSON or OTLP/protobuf (optionally gzip/deflate), answered like a collector
 * (200 + an empty Export*ServiceResponse in the request's encoding), with CORS so a page on any
 * origin can send to it. Each decoded export is handed to `onExport` in the OTLP/JSON shape.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { gunzipSync, inflateSync } from 'node:zlib';
import { decodeOtlpProtobuf, type OtlpSignal } from './protobuf-reader';

/** Largest accepted request body, compressed or not (bytes); a collector's default is similar. */
export const MAX_BODY_BYTES = 20 * 1024 * 1024;
/** How long a browser may cache a preflight answer (seconds). */
const PREFLIGHT_MAX_AGE_S = 600;
const PATHS: Record<string, OtlpSignal> = { '/v1/traces': 'traces', '/v1/logs': 'logs', '/v1/metrics': 'metrics' };
const ALLOWED_HEADERS = ['content-type', 'content-encoding', 'authorization', 'x-hyperdx-api-key', 'traceparent', 'tracestate', 'baggage'];

export type ExportEncoding = 'json' | 'protobuf';
export interface ReceivedExport {
  signal: OtlpSignal;
  encoding: ExportEncoding;
  /** The export request in the OTLP/JSON shape (hex ids, decimal-string 64-bit integers). */
  request: Record<string, unknown>;
}
export interface DevReceiverOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  onExport: (received: ReceivedExport) => void;
  /** A request that was rejected (bad body, unsupported type); never includes header values. */
  onError?: (message: string) => void;
}
export interface DevReceiver {
  url: string;
  port: number;
  host: string;
  close(): Promise<void>;
}

export async function startDevReceiver(options: DevReceiverOptions): Promise<DevReceiver> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => handle(req, res, options));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    host,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  const requested = String(req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return {
    // Echoing the origin (not `*`) also lets a page send with credentials.
    'access-control-allow-origin': origin ?? '*',
    ...(origin ? { vary: 'Origin', 'access-control-allow-credentials': 'true' } : {}),
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': [...new Set([...ALLOWED_HEADERS, ...requested])].join(', '),
  };
}

function handle(req: IncomingMessage, res: ServerResponse, options: DevReceiverOptions): void {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const reply = (status: number, type: string, body: string | Uint8Array) => {
    res.writeHead(status, { ...corsHeaders(req), 'content-type': type });
    res.end(body);
  };
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { ...corsHeaders(req), 'access-control-max-age': String(PREFLIGHT_MAX_AGE_S) });
    res.end();
    return;
  }
  const signal = PATHS[path];
  if (req.method !== 'POST' || !signal) {
    reply(404, 'text/plain', 'not an OTLP endpoint: POST /v1/traces, /v1/logs or /v1/metrics');
    return;
  }
  const contentType = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const encoding: ExportEncoding | undefined =
    contentType === 'application/json' ? 'json' : contentType === 'application/x-protobuf' || contentType === 'application/protobuf' ? 'protobuf' : undefined;
  if (!encoding) {
    req.resume();
    options.onError?.(`${path}: unsupported content-type '${contentType}' (expected application/json or application/x-protobuf)`);
    reply(415, 'text/plain', 'unsupported content-type: use application/json or application/x-protobuf');
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  req.on('data', (chunk: Buffer) => {
    if (tooLarge) return;
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      tooLarge = true;
      chunks.length = 0;
      options.onError?.(`${path}: body over ${MAX_BODY_BYTES} bytes`);
      res.setHeader('connection', 'close');
      reply(413, 'text/plain', 'request body too large');
      req.resume();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (tooLarge) return;
    let request: Record<string, unknown>;
    try {
      const body = inflate(Buffer.concat(chunks), String(req.headers['content-encoding'] ?? '').toLowerCase());
      request = encoding === 'json' ? parseJson(body) : decodeOtlpProtobuf(signal, body);
    } catch (e) {
      options.onError?.(`${path} (${encoding}): ${e instanceof Error ? e.message : String(e)}`);
      reply(400, 'text/plain', 'invalid OTLP request');
      return;
    }
    // An empty Export*ServiceResponse: `{}` in JSON, zero bytes in protobuf.
    if (encoding === 'json') reply(200, 'application/json', '{}');
    else reply(200, 'application/x-protobuf', new Uint8Array(0));
    try {
      options.onExport({ signal, encoding, request });
    } catch (e) {
      options.onError?.(`${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
}

function inflate(body: Buffer, contentEncoding: string): Buffer {
  // The decompressed size is capped too, so a small gzip bomb cannot fill memory.
  if (contentEncoding === 'gzip') return gunzipSync(body, { maxOutputLength: MAX_BODY_BYTES });
  if (contentEncoding === 'deflate') return inflateSync(body, { maxOutputLength: MAX_BODY_BYTES });
  if (contentEncoding && contentEncoding !== 'identity') throw new Error(`unsupported content-encoding '${contentEncoding}'`);
  return body;
}

function parseJson(body: Buffer): Record<string, unknown> {
  const value: unknown = JSON.parse(body.toString('utf8'));
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('OTLP/JSON body is not an object');
  return value as Record<string, unknown>;
}
