/**
 * An OTLP/HTTP endpoint that misbehaves on cue, in front of the real receiver: each POST gets the
 * next scripted fault (then the fallback), and `forward` relays it to the collector fixture, which
 * decodes and stores it as usual. It records every POST (when it came, what it got, when the
 * client gave up on it) so tests can count retries and measure waits. `refuse()` stops listening
 * (connection refused) and `accept()` listens again on the same port.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createHash } from 'node:crypto';

export type Fault =
  | { kind: 'forward' }
  /** Accept the request and never answer. */
  | { kind: 'hang' }
  /** Answer (by forwarding) only after `millis`. */
  | { kind: 'delay'; millis: number }
  | { kind: 'status'; status: number; retryAfter?: string }
  /** Destroy the connection as soon as the request starts arriving. */
  | { kind: 'reset' };

export const forward: Fault = { kind: 'forward' };
export const hang: Fault = { kind: 'hang' };
export const reset: Fault = { kind: 'reset' };
export const status = (code: number, retryAfter?: string): Fault => ({ kind: 'status', status: code, retryAfter });
export const delay = (millis: number): Fault => ({ kind: 'delay', millis });

export interface RecordedPost {
  path: string;
  fault: Fault['kind'];
  /** Status sent back; undefined when none was (hang, reset, client gave up first). */
  status?: number;
  /** Date.now() when the request arrived, when its answer was sent, when its connection closed. */
  receivedAt: number;
  /** sha1 of the body, so a retry (same batch again) can be told from a second batch. */
  digest?: string;
  answeredAt?: number;
  closedAt?: number;
}

export interface FaultyEndpoint {
  /** `http://127.0.0.1:PORT`: use as OTEL_EXPORTER_OTLP_ENDPOINT / `url`. */
  url: string;
  /** Faults for the next POSTs, in order. */
  script(...faults: Fault[]): void;
  /** What POSTs get once the script is used up (initially `forward`). */
  fallback(fault: Fault): void;
  refuse(): Promise<void>;
  accept(): Promise<void>;
  posts(): RecordedPost[];
  /**
   * Resolves once `count` POSTs came in and every POST so far is settled: answered (a relayed
   * answer comes back after the collector has stored the data), or hung, or reset.
   */
  waitForPosts(count: number, timeoutMs?: number): Promise<RecordedPost[]>;
  close(): Promise<void>;
}

const CORS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'retry-after' };

export async function startFaultyEndpoint(collectorUrl: string): Promise<FaultyEndpoint> {
  const queue: Fault[] = [];
  let fallbackFault: Fault = forward;
  const posts: RecordedPost[] = [];
  const sockets = new Set<Socket>();
  let listening = false;

  const server = createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...CORS,
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'content-type',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    const fault = queue.shift() ?? fallbackFault;
    const post: RecordedPost = { path: req.url ?? '/', fault: fault.kind, receivedAt: Date.now() };
    posts.push(post);
    req.socket.once('close', () => (post.closedAt ??= Date.now()));
    void handle(req, res, fault, post);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse, fault: Fault, post: RecordedPost) {
    if (fault.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    const body = await readBody(req);
    post.digest = createHash('sha1').update(body).digest('hex');
    if (fault.kind === 'hang') return;
    if (fault.kind === 'status') {
      const headers: Record<string, string> = { ...CORS, 'content-type': 'text/plain' };
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      post.status = fault.status;
      post.answeredAt = Date.now();
      res.writeHead(fault.status, headers);
      res.end(`fault: HTTP ${fault.status}`);
      return;
    }
    if (fault.kind === 'delay') await new Promise((r) => setTimeout(r, fault.millis));
    if (req.socket.destroyed) return;
    const relayed = await fetch(`${collectorUrl}${post.path}`, {
      method: 'POST',
      headers: {
        'content-type': req.headers['content-type'] ?? 'application/octet-stream',
        ...(req.headers.authorization && { authorization: req.headers.authorization }),
      },
      body: new Uint8Array(body),
    });
    const answer = Buffer.from(await relayed.arrayBuffer());
    post.status = relayed.status;
    post.answeredAt = Date.now();
    res.writeHead(relayed.status, { ...CORS, 'content-type': relayed.headers.get('content-type') ?? 'application/octet-stream' });
    res.end(answer);
  }

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        listening = true;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!listening) return resolve();
      listening = false;
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });

  await listen(0);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    script: (...faults) => void queue.push(...faults),
    fallback: (fault) => void (fallbackFault = fault),
    refuse: stop,
    accept: () => (listening ? Promise.resolve() : listen(port)),
    posts: () => posts.map((p) => ({ ...p })),
    waitForPosts: async (count, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      while (posts.length < count || !posts.every(settled)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} POSTs; got ${JSON.stringify(posts)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return posts.map((p) => ({ ...p }));
    },
    close: stop,
  };
}

const settled = (p: RecordedPost) => p.answeredAt !== undefined || p.closedAt !== undefined || p.fault === 'hang' || p.fault === 'reset';

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(Buffer.concat(chunks)));
    req.on('close', () => resolve(Buffer.concat(chunks)));
  });
}
