import { describe, expect, it } from 'vitest';
import { BROWSER_RUNTIME, NODE_RUNTIME, resolveConfig } from './config/resolve';
import { clientIgnore, serverIgnore } from './ignore-urls';

const matchers = (ignoreUrls: unknown, runtime = NODE_RUNTIME) => resolveConfig({ ignoreUrls } as never, {}, runtime).config.ignoreUrls;

describe('ignoreUrls', () => {
  it('client: strings are URL prefixes (on a segment boundary), RegExps and predicates on the full URL', () => {
    const ignore = clientIgnore(matchers(['https://ads.example.com', /\/static\//, (u: string) => u.endsWith('.map')]));
    expect(ignore('https://ads.example.com/pixel?x=1')).toBe(true);
    expect(ignore('https://ads.example.community/')).toBe(false);
    expect(ignore('https://cdn.test/static/app.js')).toBe(true);
    expect(ignore('https://cdn.test/app.js.map')).toBe(true);
    expect(ignore('https://api.test/users')).toBe(false);
  });

  it('a predicate that throws ignores nothing and never throws', () => {
    const ignore = clientIgnore(matchers([() => { throw new Error('bad'); }]));
    expect(ignore('https://api.test/')).toBe(false);
  });

  it('server: path prefixes and full-URL matchers; health checks by path, any query, switchable', () => {
    const ignore = serverIgnore(matchers(['/internal', 'http://admin.test']), true);
    const full = (u: string) => () => u;
    expect(ignore('/internal/metrics', full('http://a.test/internal/metrics'))).toBe(true);
    expect(ignore('/internals', full('http://a.test/internals'))).toBe(false);
    expect(ignore('/x', full('http://admin.test/x'))).toBe(true);
    for (const p of ['/health', '/healthz', '/ready', '/health?full=1']) expect(ignore(p, full(`http://a.test${p}`))).toBe(true);
    expect(ignore('/healthcheck', full('http://a.test/healthcheck'))).toBe(false);
    expect(ignore('/api/health', full('http://a.test/api/health'))).toBe(false);
    expect(serverIgnore([], false)('/health', full('http://a.test/health'))).toBe(false);
  });

  it('resolves on both platforms; bad entries give one message; ignoreHealthChecks defaults to true on Node', () => {
    expect(matchers('https://x.test', BROWSER_RUNTIME)).toHaveLength(1);
    const { config, problems } = resolveConfig({ ignoreUrls: ['/ok', 42, ''] } as never, {}, NODE_RUNTIME);
    expect(config.ignoreUrls).toHaveLength(1);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.key).toBe('ignoreUrls');
    expect(config.ignoreHealthChecks).toBe(true);
    expect(resolveConfig({ ignoreHealthChecks: false }, {}, NODE_RUNTIME).config.ignoreHealthChecks).toBe(false);
    const bad = resolveConfig({ ignoreHealthChecks: 'sometimes' } as never, {}, NODE_RUNTIME);
    expect(bad.config.ignoreHealthChecks).toBe(true);
    expect(bad.problems).toHaveLength(1);
  });
});
