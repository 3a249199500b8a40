/**
 * OTLP/HTTP POSTs from Node, with `node:http`/`node:https` as they were when this module loaded,
 * before our own client instrumentation (./http) or anyone else's wraps `request`: an export is
 * never traced and can never export itself. It also runs with tracing suppressed, for listeners
 * on Node's diagnostics channels.
 *
 * Connections are kept alive, but every socket is unref'd, pooled or busy: an export never holds
 * a process open. How long the process waits for its last export is the SDK's decision (a bounded
 * flush), not this transport's.
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { gzip } from 'node:zlib';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { Transport, TransportParams, TransportResponse } from '../../src/platform';
import { DISTRO_NAME, VERSION } from '../../src/version';
import { readTlsMaterial } from './export-tls';

const originalHttpRequest = http.request;
const originalHttpsRequest = https.request;

/** Sockets per collector; exports beyond it wait for a free one (the core caps exports in flight). */
const MAX_SOCKETS = 4;
/** A 2xx body is read for partial-success details; anything longer is not an OTLP response. */
const MAX_RESPONSE_BODY_BYTES = 64 * 1024;

const CONTENT_TYPES = { 'http/protobuf': 'application/x-protobuf', 'http/json': 'application/json' } as const;

export function createNodeTransport({ url, headers, protocol, compression, tls }: TransportParams): Transport {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const request = secure ? originalHttpsRequest : originalHttpRequest;
  const agentOptions = { keepAlive: true, maxSockets: MAX_SOCKETS };
  const agent = secure ? new https.Agent({ ...agentOptions, ...readTlsMaterial(tls) }) : new http.Agent(agentOptions);
  const gzipped = compression === 'gzip';
  const baseHeaders = {
    'user-agent': `${DISTRO_NAME}/${VERSION}`,
    ...headers,
    'content-type': CONTENT_TYPES[protocol],
    ...(gzipped && { 'content-encoding': 'gzip' }),
  };

  async function send(raw: Uint8Array, timeoutMillis: number, signal: AbortSignal): Promise<TransportResponse> {
    // zlib's async form runs on the thread pool: the app's event loop does not pay for it.
    const body = gzipped ? await new Promise<Uint8Array>((ok, fail) => gzip(raw, (e, out) => (e ? fail(e) : ok(out)))) : raw;
    return new Promise<TransportResponse>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      let settled = false;
      const finish = (settle: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        settle();
      };
      const req = context.with(suppressTracing(context.active()), () =>
        request(target, { method: 'POST', agent, headers: { ...baseHeaders, 'content-length': body.byteLength } }),
      );
      const fail = (error: Error) => {
        finish(() => reject(error));
        req.destroy();
      };
      const onAbort = () => fail(signal.reason instanceof Error ? signal.reason : new Error('export aborted'));
      const timer = setTimeout(() => fail(new Error(`timed out after ${timeoutMillis} ms`)), timeoutMillis);
      timer.unref();
      signal.addEventListener('abort', onAbort, { once: true });

      // Fresh and reused sockets alike: Node refs a socket when the agent hands it out again.
      req.on('socket', (socket: Socket) => socket.unref());
      req.on('error', (error) => finish(() => reject(error)));
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        const retryAfter = res.headers['retry-after'];
        const ok = status >= 200 && status < 300;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (ok && size <= MAX_RESPONSE_BODY_BYTES) chunks.push(chunk);
        });
        res.on('end', () =>
          finish(() =>
            resolve({
              status,
              ...(retryAfter !== undefined && { retryAfter }),
              ...(ok && size > 0 && size <= MAX_RESPONSE_BODY_BYTES && { body: new Uint8Array(Buffer.concat(chunks)) }),
            }),
          ),
        );
        res.on('error', (error) => finish(() => reject(error)));
        res.on('close', () => {
          if (!res.complete) finish(() => reject(Object.assign(new Error('response cut off'), { code: 'ECONNRESET' })));
        });
      });
      req.end(body);
    });
  }

  return { send, shutdown: () => agent.destroy() };
}
