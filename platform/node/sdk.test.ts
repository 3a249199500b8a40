import http from 'node:http';
import { trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startCollector } from '../../e2e/fixtures/collector.mjs';
import { forceFlush, init, shutdown } from './index';

// A port nothing listens on: exports fail fast with ECONNREFUSED.
const DEAD_COLLECTOR = 'http://127.0.0.1:9';

afterEach(async () => {
  await shutdown();
  vi.restoreAllMocks();
});

describe('init() in Node', () => {
  it('never throws, whatever it is given, and says what was wrong once each', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const handle = init({ url: DEAD_COLLECTOR, timeoutMillis: 'soon' as never, bogus: 1 } as never);
    expect(handle.active).toBe(true);
    const lines = warn.mock.calls.map((c) => c.join(' '));
    expect(lines).toEqual([
      "[clickstack-otel] Configuration: option 'bogus' is not known to this build and is ignored.",
      "[clickstack-otel] Configuration: timeoutMillis is invalid, expected a positive integer up to 2147483647 (actual: 'soon'); using 10000 from the default.",
    ]);
  });

  it('returns the first handle on a second call and warns once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const first = init({ url: DEAD_COLLECTOR });
    expect(init({ service: 'other' })).toBe(first);
    expect(init()).toBe(first);
    expect(warn.mock.calls.filter((c) => String(c[1]).includes('more than once'))).toHaveLength(1);
  });

  it('patches http on start and restores it on shutdown; shutdown is idempotent', async () => {
    const original = http.request;
    const handle = init({ url: DEAD_COLLECTOR });
    expect(http.request).not.toBe(original);
    const a = handle.shutdown();
    expect(handle.shutdown()).toBe(a);
    await a;
    expect(http.request).toBe(original);
    // The globals are released, so a later init() starts afresh.
    expect(init({ url: DEAD_COLLECTOR })).not.toBe(handle);
  });

  it('is a no-op when OTEL_SDK_DISABLED=true, even with disabled:false', async () => {
    vi.stubEnv('OTEL_SDK_DISABLED', 'true');
    const original = http.request;
    const handle = init({ disabled: false, url: DEAD_COLLECTOR });
    vi.unstubAllEnvs();
    expect(handle.active).toBe(false);
    expect(http.request).toBe(original);
    await expect(handle.shutdown()).resolves.toBeUndefined();
  });

  it('reads the environment when init() runs, not at import', () => {
    vi.stubEnv('OTEL_SERVICE_NAME', 'late-service');
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', DEAD_COLLECTOR);
    init();
    vi.unstubAllEnvs();
    const span = trace.getTracer('t').startSpan('s') as unknown as { resource?: { attributes: Record<string, unknown> } };
    expect(span.constructor.name).toBe('LightSpan');
    expect(span.resource!.attributes['service.name']).toBe('late-service');
    expect(span.resource!.attributes['telemetry.distro.name']).toBe('clickstack-otel');
  });

  it('shutdown with a dead collector and buffered spans still resolves', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    init({ url: DEAD_COLLECTOR });
    for (let i = 0; i < 100; i++) trace.getTracer('t').startSpan(`s${i}`).end();
    await expect(shutdown()).resolves.toBeUndefined();
  });

  it("a server that emits 'request' with something else still runs it; real requests get one span each, ended once", async () => {
    const collector = await startCollector();
    init({ url: collector.url, protocol: 'http/json', batch: { scheduledDelayMillis: 60_000 } });
    const seen: unknown[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req?.url);
      if (typeof res?.end === 'function') res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      // The first real request wraps the server's emit; then the odd ones go through the wrapper.
      await fetch(`${origin}/a`).then((r) => r.text());
      const odd: unknown[] = [undefined, null, 'a string', 42, {}];
      for (const value of odd) server.emit('request', value as never, {} as never);
      for (const path of ['/b', '/a']) await fetch(`${origin}${path}`).then((r) => r.text());
      expect(seen).toEqual(['/a', undefined, undefined, undefined, undefined, undefined, '/b', '/a']);
      await forceFlush();
      const servers = collector.spans().filter((s) => s.kind === 2);
      expect(servers.map((s) => s.attributes['url.path'])).toEqual(['/a', '/b', '/a']);
      expect(new Set(servers.map((s) => s.spanId)).size).toBe(3);
    } finally {
      server.closeAllConnections();
      server.close();
      await collector.close();
    }
  });

  it('a server span still waiting out its macrotask is in a flush or shutdown that comes first', async () => {
    const collector = await startCollector();
    // Only an explicit flush exports: the batch timer is far away.
    init({ url: collector.url, protocol: 'http/json', batch: { scheduledDelayMillis: 60_000 } });
    const flushed: string[][] = [];
    const paths = () => collector.spans().filter((s) => s.kind === 2).map((s) => String(s.attributes['url.path'])).filter((p) => !p.startsWith('/v1/'));
    const server = http.createServer((req, res) => {
      // The end callback runs on 'finish', after the span's exchange ended and before its macrotask.
      res.end('ok', () => {
        const flush = req.url === '/last' ? shutdown() : forceFlush();
        void flush.then(() => flushed.push(paths()));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      await fetch(`${origin}/first`).then((r) => r.text());
      await fetch(`${origin}/last`).then((r) => r.text());
      await vi.waitFor(() => expect(flushed).toHaveLength(2));
      expect(flushed).toEqual([['/first'], ['/first', '/last']]);
    } finally {
      server.closeAllConnections();
      server.close();
      await collector.close();
    }
  });
});
