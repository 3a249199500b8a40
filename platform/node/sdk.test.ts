import http from 'node:http';
import { trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { init, shutdown } from './index';

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
      "[clickstack-otel] Configuration: unknown option 'bogus' is ignored.",
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
    expect(span.constructor.name).toBe('SpanImpl');
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
});
