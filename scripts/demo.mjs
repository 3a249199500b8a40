// `npm run demo`: build, start the product's local OTLP receiver (what `clickstack-otel dev` runs),
// a Node server running the SDK, and headless Chromium loading a page with the IIFE; click once, then print the distributed trace that the
// receiver decoded, as a tree. Everything listens on 127.0.0.1 and stops at the end.
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureChromium } from './ensure-chromium.mjs';

const root = new URL('..', import.meta.url).pathname;
// browser fetch → server → (fetch → server) + (http.get → server)
const SPANS_IN_CHECKOUT_TRACE = 6;

ensureChromium();
console.log('building…');
execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });

// The product's own receiver (what `npx clickstack-otel dev` runs), on a free port, and its printer.
const { startDevReceiver, flattenSpans, formatTraceTrees } = await import('../dist/node/dev.js');
const received = { spans: [], logs: [], metrics: [] };
const waiters = new Set();
const collector = await startDevReceiver({
  port: 0,
  onExport: ({ signal, request }) => {
    if (signal === 'traces') received.spans.push(...flattenSpans(request));
    else received[signal].push(request);
    for (const w of [...waiters]) w();
  },
  onError: (message) => console.error(`receiver rejected ${message}`),
});
/** Resolves once `predicate(spans)` holds; rejects after `timeoutMs`. */
collector.waitForSpans = (predicate, timeoutMs) =>
  new Promise((resolve, reject) => {
    const check = () => predicate(received.spans) && (done(), resolve([...received.spans]));
    const timer = setTimeout(() => (done(), reject(new Error(`demo: trace not complete within ${timeoutMs} ms (${received.spans.length} spans)`))), timeoutMs);
    const done = () => (clearTimeout(timer), waiters.delete(check));
    waiters.add(check);
    check();
  });
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
  for (const line of formatTraceTrees(checkoutTrace(spans))) console.log(line);
  console.log(`
(${others} other spans received: the page, script and favicon requests)`);

  // SIGTERM: the SDK flushes what is left (log records, the runtime and HTTP metrics) and the
  // process still ends by the signal, as it would without the SDK.
  await browser.close();
  browser = undefined;
  server.kill('SIGTERM');
  const [code, signal] = await once(server, 'exit');
  const metricNames = new Set(
    received.metrics.flatMap((r) => r.resourceMetrics.flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics.map((m) => m.name)))),
  );
  const logRecords = received.logs.flatMap((r) => r.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords)));
  console.log(`demo-api ended by ${signal ?? `exit code ${code}`} after flushing: ${logRecords.length} log record${logRecords.length === 1 ? "" : "s"}, ${metricNames.size} metrics (${[...metricNames].filter((n) => n.startsWith('http.')).join(', ')}, …)`);
} finally {
  await browser?.close();
  if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
  await collector.close();
}
