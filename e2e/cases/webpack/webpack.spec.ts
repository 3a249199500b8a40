/**
 * webpack 5 (exact version, installed into the tool cache: the repo does not depend on it),
 * `target: 'web'`, production mode: the package's browser build is what webpack resolves, the
 * build has no warnings or errors, and the bundle traces fetch in Chromium.
 */
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect, find, SpanKind, test } from '../../fixtures/test';
import { installTools } from '../../fixtures/tool-cache';

const WEBPACK = 'webpack@5.113.0';

test.setTimeout(180_000);

test(`${WEBPACK} (target: web) bundles the browser build without warnings and it traces fetch`, async ({ page, collector, consumer, serve }) => {
  const tools = installTools('webpack-5.113.0', [WEBPACK]);
  test.skip(!!tools.error, `webpack could not be installed from npm: ${tools.error}`);
  const webpack = createRequire(join(tools.dir, 'package.json'))('webpack');
  expect(webpack.version).toBe(WEBPACK.split('@')[1]);
  const dir = consumer.stage('spa/main.js', 'webpack.html');
  const outDir = join(dir, 'out-webpack');
  rmSync(outDir, { recursive: true, force: true });
  const stats = await new Promise<any>((resolve, reject) =>
    webpack(
      { mode: 'production', target: 'web', context: dir, entry: './spa/main.js', output: { path: outDir, filename: 'main.js' }, devtool: false },
      (err: Error | null, s: any) => (err ? reject(err) : resolve(s)),
    ),
  );
  const json = stats.toJson({ all: false, warnings: true, errors: true });
  expect(json.errors.map((e: any) => e.message), 'webpack errors').toEqual([]);
  expect(json.warnings.map((w: any) => w.message), 'webpack warnings').toEqual([]);
  // Files behind every module (a concatenated module lists the ones it merged).
  const files = [...stats.compilation.modules].flatMap((m: any) => [m.resource, ...(m.modules ?? []).map((n: any) => n.resource)]).filter(Boolean) as string[];
  expect([...new Set(files.filter((n) => n.includes('node_modules/clickstack-otel/')))].map((n) => n.slice(n.indexOf('clickstack-otel/')))).toEqual(['clickstack-otel/dist/browser/index.js']);
  const code = readFileSync(join(outDir, 'main.js'), 'utf8');
  expect(code).not.toMatch(/["']node:[a-z_/]+["']/);
  expect(code).not.toContain('http.server.request.start');

  const site = await serve({ files: { '/': join(dir, 'webpack.html') }, dirs: { '/out/': outDir } });
  await page.goto(`${site.origin}/?${new URLSearchParams({ bundler: 'webpack', collector: collector.url })}`);
  const result = await page.waitForFunction(() => (window as any).__result).then((h) => h.jsonValue());
  expect(result.error).toBeUndefined();
  const spans = await collector.waitForSpans((s) => !!find.urlEndsWith(s, '/api/spa-webpack'));
  const span = find.urlEndsWith(spans, '/api/spa-webpack')!;
  expect(span.kind).toBe(SpanKind.CLIENT);
  expect(span.attributes).toMatchObject({ 'http.request.method': 'GET', 'url.full': `${site.origin}/api/spa-webpack`, 'http.response.status_code': 200 });
  expect(span.resource).toMatchObject({ 'service.name': 'spa-webpack', 'telemetry.distro.name': 'clickstack-otel' });
  expect(result.body.traceparent).toBe(`00-${span.traceId}-${span.spanId}-01`);
});
