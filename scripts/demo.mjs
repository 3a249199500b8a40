// `npm run demo`: build, start a local OTLP receiver, a Node server running the SDK, and headless
// Chromium loading a page with the IIFE; click once, then print the distributed trace that the
// receiver decoded, as a tree. Everything listens on 127.0.0.1 and stops at the end.
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { chromium } from '@playwright/test';
import { startCollector } from '../e2e/fixtures/collector.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureChromium } from './ensure-chromium.mjs';

const root = new URL('..', import.meta.url).pathname;
// browser fetch → server → (fetch → server) + (http.get → server)
const SPANS_IN_CHECKOUT_TRACE = 6;

ensureChromium();
console.log('building…');
execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });

const collector = await startCollector();
const server = spawn(process.execPath, ['demo/server.mjs'], {
  cwd: root,
  env: { ...process.env, OTEL_SERVICE_NAME: 'demo-api', OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, HYPERDX_API_KEY: 'demo-api-key', OTEL_BSP_SCHEDULE_DELAY: '200' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let browser;
try {
  const [line] = await once(server.stdout, 'data');
  const port = /listening (\d+)/.exec(String(line))?.[1];
  if (!port) throw new Error(`server did not start: ${line}`);

  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/?collector=${encodeURIComponent(collector.url)}`);
  await page.click('#checkout');
  await page.waitForSelector('body[data-done="yes"]');
  console.log(`page says: ${await page.textContent('#result')}`);

  const checkoutTrace = (all) => {
    const click = all.find((s) => s.resource['service.name'] === 'demo-web' && String(s.attributes['url.full']).endsWith('/api/checkout'));
    return click ? all.filter((s) => s.traceId === click.traceId) : [];
  };
  const spans = await collector.waitForSpans((all) => checkoutTrace(all).length >= SPANS_IN_CHECKOUT_TRACE, 15_000);
  const others = spans.length - checkoutTrace(spans).length;
  printTrees(checkoutTrace(spans));
  console.log(`
(${others} other spans received: the page, script and favicon requests)`);

  // SIGTERM: the SDK flushes what is left (log records, the runtime and HTTP metrics) and the
  // process still ends by the signal, as it would without the SDK.
  await browser.close();
  browser = undefined;
  server.kill('SIGTERM');
  const [code, signal] = await once(server, 'exit');
  const metricNames = new Set(
    collector.metrics().flatMap((r) => r.resourceMetrics.flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics.map((m) => m.name)))),
  );
  const logRecords = collector.logs().flatMap((r) => r.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords)));
  console.log(`demo-api ended by ${signal ?? `exit code ${code}`} after flushing: ${logRecords.length} log record${logRecords.length === 1 ? "" : "s"}, ${metricNames.size} metrics (${[...metricNames].filter((n) => n.startsWith('http.')).join(', ')}, …)`);
} finally {
  await browser?.close();
  if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
  await collector.close();
}

function printTrees(spans) {
  const KIND = { 1: 'internal', 2: 'server', 3: 'client', 4: 'producer', 5: 'consumer' };
  const byParent = new Map();
  for (const s of spans) byParent.set(s.parentSpanId, [...(byParent.get(s.parentSpanId) ?? []), s]);
  const ids = new Set(spans.map((s) => s.spanId));
  const roots = spans.filter((s) => !ids.has(s.parentSpanId));
  for (const rootSpan of roots) {
    const traceSpans = spans.filter((s) => s.traceId === rootSpan.traceId);
    console.log(`\none distributed trace ${rootSpan.traceId}: ${traceSpans.length} spans from ${[...new Set(traceSpans.map((s) => s.resource['service.name']))].join(' and ')}`);
    const walk = (span, prefix, last) => {
      const target = span.attributes['url.full'] ?? span.attributes['url.path'] ?? '';
      console.log(`${prefix}${last ? '└─' : '├─'} ${span.resource['service.name'].padEnd(8)} ${KIND[span.kind].padEnd(6)} ${span.name.padEnd(4)} ${span.durationMs.toFixed(1).padStart(6)} ms  ${span.attributes['http.response.status_code'] ?? ''} ${target}`);
      const children = (byParent.get(span.spanId) ?? []).sort((a, b) => a.startTimeUnixNano.localeCompare(b.startTimeUnixNano, undefined, { numeric: true }));
      children.forEach((c, i) => walk(c, `${prefix}${last ? '   ' : '│  '}`, i === children.length - 1));
    };
    walk(rootSpan, '', true);
  }
}
