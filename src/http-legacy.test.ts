import type { Attributes } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { NODE_RUNTIME, resolveConfig } from './config/resolve';
import { addLegacyHttpAttributes } from './http-legacy';
import { SPAN_ATTRIBUTE_COUNT_LIMIT } from './trace/span';


describe('legacy HTTP attributes (semconv http/dup)', () => {
  it('copies method, url and status of a client span beside the stable keys', () => {
    const a: Attributes = { 'http.request.method': 'POST', 'url.full': 'https://api.test/x?q=1', 'http.response.status_code': 503 };
    addLegacyHttpAttributes(a);
    expect(a).toEqual({
      'http.request.method': 'POST',
      'url.full': 'https://api.test/x?q=1',
      'http.response.status_code': 503,
      'http.method': 'POST',
      'http.url': 'https://api.test/x?q=1',
      'http.status_code': 503,
    });
  });

  it('keeps the span attribute count limit: a full span gets no legacy keys, a nearly full one only what fits', () => {
    const full: Attributes = { 'http.request.method': 'GET', 'url.full': 'https://a.test/', 'http.response.status_code': 200 };
    for (let i = 0; Object.keys(full).length < SPAN_ATTRIBUTE_COUNT_LIMIT; i++) full[`h${i}`] = 'v';
    addLegacyHttpAttributes(full);
    expect(Object.keys(full)).toHaveLength(SPAN_ATTRIBUTE_COUNT_LIMIT);
    expect(full['http.method']).toBeUndefined();

    const nearly: Attributes = { 'http.request.method': 'GET', 'url.full': 'https://a.test/', 'http.response.status_code': 200 };
    for (let i = 0; Object.keys(nearly).length < SPAN_ATTRIBUTE_COUNT_LIMIT - 1; i++) nearly[`h${i}`] = 'v';
    addLegacyHttpAttributes(nearly);
    expect(Object.keys(nearly)).toHaveLength(SPAN_ATTRIBUTE_COUNT_LIMIT);
    expect(nearly['http.method']).toBe('GET');
    expect(nearly['http.status_code']).toBeUndefined();
  });

  it('leaves spans without an HTTP method alone (documentLoad has url.full and a status)', () => {
    const a: Attributes = { 'url.full': 'https://site.test/', 'http.response.status_code': 200 };
    addLegacyHttpAttributes(a);
    expect(Object.keys(a)).toEqual(['url.full', 'http.response.status_code']);
  });
});

describe('semconvStabilityOptIn / OTEL_SEMCONV_STABILITY_OPT_IN', () => {
  const resolve = (options: object | undefined, env: Record<string, string> = {}) => resolveConfig(options as never, env, NODE_RUNTIME);

  it('defaults to http/dup (legacy keys on)', () => {
    expect(resolve(undefined).config.httpLegacyAttributes).toBe(true);
  });

  it('the env list switches: http -> stable only, http/dup wins over http, other domains leave the default', () => {
    expect(resolve(undefined, { OTEL_SEMCONV_STABILITY_OPT_IN: 'http' }).config.httpLegacyAttributes).toBe(false);
    expect(resolve(undefined, { OTEL_SEMCONV_STABILITY_OPT_IN: 'database, http' }).config.httpLegacyAttributes).toBe(false);
    expect(resolve(undefined, { OTEL_SEMCONV_STABILITY_OPT_IN: 'http,http/dup' }).config.httpLegacyAttributes).toBe(true);
    expect(resolve(undefined, { OTEL_SEMCONV_STABILITY_OPT_IN: 'database' }).config.httpLegacyAttributes).toBe(true);
  });

  it('the option (also a data-* value) wins over the env; a bad value gives one clear message and the fallback', () => {
    expect(resolve({ semconvStabilityOptIn: 'http' }, { OTEL_SEMCONV_STABILITY_OPT_IN: 'http/dup' }).config.httpLegacyAttributes).toBe(false);
    const bad = resolve({ semconvStabilityOptIn: 'stable' });
    expect(bad.config.httpLegacyAttributes).toBe(true);
    expect(bad.problems).toHaveLength(1);
    expect(bad.problems[0]!.message).toContain('semconvStabilityOptIn');
    expect(bad.problems[0]!.message).toContain('http, http/dup');
  });
});
