import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Transport } from '../../src/platform';
import { KEEPALIVE_BUDGET_BYTES } from './keepalive-budget';

/**
 * The browser transport on Node's own fetch (same WHATWG API) against a loopback server that
 * answers when told to. The fetch in place when the module loads is wrapped to record what the
 * transport asked for; the request still really goes out.
 */
const calls: { keepalive: boolean | undefined; contentType: string | null; size: number }[] = [];
const holds: (() => void)[] = [];
/** What the server received: the Content-Encoding header and the raw body. */
const received: { encoding: string | undefined; body: Buffer }[] = [];
let server: http.Server;
let url: string;
let createBrowserTransport: typeof import('./transport').createBrowserTransport;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ encoding: req.headers['content-encoding'], body: Buffer.concat(chunks) });
      const answer = () => res.writeHead(200, { 'retry-after': '1' }).end();
      if (req.url === '/hold') holds.push(answer);
      else answer();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', (input: string, init: RequestInit) => {
    calls.push({ keepalive: init.keepalive, contentType: new Headers(init.headers).get('content-type'), size: (init.body as Uint8Array).byteLength });
    // Node's fetch does not implement keepalive's budget; the flag is what we check.
    return realFetch(input, { ...init, keepalive: false });
  });
  vi.resetModules();
  ({ createBrowserTransport } = await import('./transport'));
  vi.unstubAllGlobals(); // later patches of fetch must not matter: the module kept the original
});

afterAll(async () => {
  await new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections()));
});

const never = () => new AbortController().signal;
const bytes = (n: number) => new Uint8Array(n);

describe('browser OTLP transport', () => {
  it('sends JSON with keepalive while the body fits the budget, and reads Retry-After', async () => {
    const transport: Transport = createBrowserTransport({ url: `${url}/v1/traces`, headers: { authorization: 'k' }, protocol: 'http/json' });
    await expect(transport.send(bytes(100), 5_000, never())).resolves.toEqual({ status: 200, retryAfter: '1' });
    expect(calls.at(-1)).toEqual({ keepalive: true, contentType: 'application/json', size: 100 });
  });

  it('falls back to a normal fetch while in-flight keepalive bodies would exceed the budget, and frees it after', async () => {
    const transport = createBrowserTransport({ url: `${url}/hold`, headers: {}, protocol: 'http/json' });
    const big = KEEPALIVE_BUDGET_BYTES - 1_000;
    const first = transport.send(bytes(big), 5_000, never());
    const second = transport.send(bytes(2_000), 5_000, never()); // big + 2000 > budget
    const third = transport.send(bytes(500), 5_000, never()); // still fits next to the first
    await vi.waitFor(() => expect(holds).toHaveLength(3));
    expect(calls.slice(-3).map((c) => c.keepalive)).toEqual([true, false, true]);
    for (const answer of holds.splice(0)) answer();
    await Promise.all([first, second, third]);
    // Everything settled: the whole budget is available again.
    const fourth = transport.send(bytes(big), 5_000, never());
    await vi.waitFor(() => expect(holds).toHaveLength(1));
    expect(calls.at(-1)!.keepalive).toBe(true);
    holds.splice(0).forEach((answer) => answer());
    await fourth;
  });

  it('never uses keepalive for a body larger than the budget', async () => {
    const transport = createBrowserTransport({ url: `${url}/v1/traces`, headers: {}, protocol: 'http/json' });
    await transport.send(bytes(KEEPALIVE_BUDGET_BYTES + 1), 5_000, never());
    expect(calls.at(-1)!.keepalive).toBe(false);
  });

  it('rejects with the reason when aborted or timed out, and releases the budget', async () => {
    const transport = createBrowserTransport({ url: `${url}/hold`, headers: {}, protocol: 'http/json' });
    await expect(transport.send(bytes(KEEPALIVE_BUDGET_BYTES), 50, never())).rejects.toThrow('timed out after 50 ms');
    const controller = new AbortController();
    const sent = transport.send(bytes(KEEPALIVE_BUDGET_BYTES), 5_000, controller.signal);
    controller.abort(new Error('shutting down'));
    await expect(sent).rejects.toThrow('shutting down');
    await vi.waitFor(() => expect(holds.length).toBeGreaterThan(0));
    holds.splice(0).forEach((answer) => answer());
    // Both full-budget requests were released, or this one could not use keepalive.
    const ok = createBrowserTransport({ url: `${url}/v1/traces`, headers: {}, protocol: 'http/json' });
    await ok.send(bytes(KEEPALIVE_BUDGET_BYTES), 5_000, never());
    expect(calls.at(-1)!.keepalive).toBe(true);
  });

  describe("compression: 'gzip'", () => {
    // Text that compresses like an OTLP/JSON batch: the same keys over and over.
    const json = new TextEncoder().encode(JSON.stringify({ spans: Array.from({ length: 200 }, (_, i) => ({ name: `GET /api/items/${i}`, kind: 3, attributes: [{ key: 'http.request.method', value: { stringValue: 'GET' } }] })) }));

    it('sends the body gzipped with Content-Encoding, and the keepalive budget counts the compressed bytes', async () => {
      const transport = createBrowserTransport({ url: `${url}/v1/traces`, headers: {}, protocol: 'http/json', compression: 'gzip' });
      await transport.send(json, 5_000, never());
      const got = received.at(-1)!;
      expect(got.encoding).toBe('gzip');
      expect(new Uint8Array(gunzipSync(got.body))).toEqual(json);
      expect(calls.at(-1)!.size).toBe(got.body.byteLength);
      expect(got.body.byteLength).toBeLessThan(json.byteLength / 5);
      // A body over the budget raw fits once compressed.
      const huge = new TextEncoder().encode(JSON.stringify(Array.from({ length: 4_000 }, () => ({ key: 'http.response.status_code', value: 200 }))));
      expect(huge.byteLength).toBeGreaterThan(KEEPALIVE_BUDGET_BYTES);
      await transport.send(huge, 5_000, never());
      expect(calls.at(-1)!.keepalive).toBe(true);
    });

    it('sends plain while the page is hidden (an export that may be the last starts at once)', async () => {
      vi.stubGlobal('document', { visibilityState: 'hidden' });
      try {
        const transport = createBrowserTransport({ url: `${url}/v1/traces`, headers: {}, protocol: 'http/json', compression: 'gzip' });
        await transport.send(json, 5_000, never());
        expect(received.at(-1)!.encoding).toBeUndefined();
        expect(new Uint8Array(received.at(-1)!.body)).toEqual(json);
      } finally {
        vi.unstubAllGlobals();
      }
    });

    it('sends plain, silently, where CompressionStream is missing', async () => {
      vi.stubGlobal('CompressionStream', undefined);
      try {
        const transport = createBrowserTransport({ url: `${url}/v1/traces`, headers: {}, protocol: 'http/json', compression: 'gzip' });
        await expect(transport.send(json, 5_000, never())).resolves.toMatchObject({ status: 200 });
        expect(received.at(-1)!.encoding).toBeUndefined();
      } finally {
        vi.unstubAllGlobals();
      }
    });

    it("'none' (the default) sends plain", async () => {
      await createBrowserTransport({ url: `${url}/v1/traces`, headers: {}, protocol: 'http/json' }).send(json, 5_000, never());
      expect(received.at(-1)!.encoding).toBeUndefined();
    });
  });
});
