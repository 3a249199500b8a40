/**
 * The export path under faults: a collector that refuses connections, never answers, answers
 * late, fails with 5xx/4xx, throttles with 429 + Retry-After, or drops the connection mid-request.
 * In every case the app's own requests still succeed and nothing escapes into it (no uncaught
 * exception, no unhandled rejection); only the retryable failures are retried (counted at the
 * endpoint); Retry-After is honoured; and once the collector is back, the buffered spans arrive.
 * Latencies are not asserted, except lower bounds (a retry must not come early) and the 2 s
 * shutdown bound.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, find, test as base, type Collector, type NodeProcess, type ServeOptions, type StartNodeOptions, type StaticServer } from '../../fixtures/test';
import { delay, forward, hang, reset, startFaultyEndpoint, status, type FaultyEndpoint, type RecordedPost } from './faulty-endpoint';

const API_KEY = 'fault-test-secret-key';
/** The OTLP spec's first backoff is 1 s; with ±20 % jitter, no retry comes sooner than this. */
const MIN_FIRST_BACKOFF_MS = 800;
/** Long enough for any first retry (1 s + 20 % jitter) to have happened, with margin. */
const RETRY_WINDOW_MS = 2_000;

const test = base.extend<{ endpoint: FaultyEndpoint }>({
  endpoint: async ({ collector }, use) => {
    const endpoint = await startFaultyEndpoint(collector.url);
    await use(endpoint);
    await endpoint.close();
  },
});

async function hit(app: { url: string }, path: string): Promise<void> {
  const res = await fetch(`${app.url}${path}`);
  expect(res.status).toBe(200);
  expect(await res.text()).toBe(`done ${path}`);
}

const serverSpan = (collector: Collector, path: string) =>
  collector.waitForSpans((spans) => !!find.serverPath(spans, path)).then((spans) => find.serverPath(spans, path)!);

function expectNothingEscaped(app: NodeProcess): void {
  expect(app.output()).not.toMatch(/UNHANDLED-REJECTION|UNCAUGHT-EXCEPTION/);
  expect(app.output()).not.toContain(API_KEY);
}

test.describe('Node', () => {
  const startApp = (start: (o: StartNodeOptions) => NodeProcess, dir: string, endpoint: FaultyEndpoint, env: Record<string, string> = {}) =>
    start({
      script: `${dir}/app.mjs`,
      nodeArgs: ['--import', 'clickstack-otel/register'],
      env: {
        OTEL_SERVICE_NAME: 'export-faults',
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint.url,
        HYPERDX_API_KEY: API_KEY,
        OTEL_BSP_SCHEDULE_DELAY: '100',
        DEBUG: 'true',
        // The faulty endpoint counts trace POSTs; the app's console lines would also arrive as logs.
        OTEL_LOGS_EXPORTER: 'none',
        ...env,
      },
    });

  test('collector refusing connections, then back: the app is unaffected and the buffered spans arrive', async ({ collector, consumer, startNode, endpoint }) => {
    await endpoint.refuse();
    const app = startApp(startNode, consumer.stage('app.mjs'), endpoint);
    const { url } = await app.ready();
    await hit({ url }, '/during-outage');
    // The first attempt was refused and a retry is scheduled (debug mode says so).
    await app.waitForOutput(/traces export attempt 1 failed \(ECONNREFUSED\); retrying in \d+ ms/);
    await hit({ url }, '/still-during-outage');
    await endpoint.accept();

    const first = await serverSpan(collector, '/during-outage');
    const second = await serverSpan(collector, '/still-during-outage');
    expect(first.requestHeaders.authorization).toBe(API_KEY);
    expect(second.encoding).toBe('protobuf');
    expectNothingEscaped(app);
  });

  test('503 twice, then OK: retried with backoff, and the spans arrive', async ({ collector, consumer, startNode, endpoint }) => {
    endpoint.script(status(503), status(503));
    const app = startApp(startNode, consumer.stage('app.mjs'), endpoint);
    const { url } = await app.ready();
    await hit({ url }, '/behind-503');
    await serverSpan(collector, '/behind-503');
    const posts = await endpoint.waitForPosts(3);
    expect(posts.slice(0, 3).map((p) => p.status)).toEqual([503, 503, 200]);
    expect(posts[1]!.receivedAt - posts[0]!.answeredAt!).toBeGreaterThanOrEqual(MIN_FIRST_BACKOFF_MS);
    expect(posts[2]!.receivedAt - posts[1]!.answeredAt!).toBeGreaterThanOrEqual(MIN_FIRST_BACKOFF_MS);
    expectNothingEscaped(app);
  });

  test('429 with Retry-After: the retry waits at least the advertised delay', async ({ collector, consumer, startNode, endpoint }) => {
    endpoint.script(status(429, '2'));
    const app = startApp(startNode, consumer.stage('app.mjs'), endpoint);
    const { url } = await app.ready();
    await hit({ url }, '/throttled');
    await serverSpan(collector, '/throttled');
    const [throttled, retry] = await endpoint.waitForPosts(2);
    expect(throttled!.status).toBe(429);
    expect(retry!.status).toBe(200);
    // 2 s, not the 1 s backoff (a few ms of slack for the two processes' clock reads).
    expect(retry!.receivedAt - throttled!.answeredAt!).toBeGreaterThanOrEqual(2_000 - 10);
    expectNothingEscaped(app);
  });

  test('400, 401, 404, 413, 500 are not retried; each cause is reported once; the API key is never printed', async ({ collector, consumer, startNode, endpoint }) => {
    const app = startApp(startNode, consumer.stage('app.mjs'), endpoint);
    const { url } = await app.ready();
    const statuses = [400, 401, 401, 404, 413, 500];
    for (const [i, code] of statuses.entries()) {
      endpoint.fallback(status(code));
      await hit({ url }, `/rejected-${i}`);
      await endpoint.waitForPosts(i + 1);
      await new Promise((r) => setTimeout(r, RETRY_WINDOW_MS));
      expect(endpoint.posts().map((p) => p.status), `after HTTP ${code}`).toEqual(statuses.slice(0, i + 1));
    }
    const output = app.output();
    expect(output.match(/rejected with HTTP 401: the API key was rejected/g)).toHaveLength(1);
    expect(output.match(/rejected with HTTP 413: the batch is larger/g)).toHaveLength(1);
    expect(output).toMatch(/rejected with HTTP 404: no OTLP receiver at this URL/);
    expect(output).toMatch(/rejected with HTTP 500; not retried/);

    // Rejected batches are gone for good; the next one goes through.
    endpoint.fallback(forward);
    await hit({ url }, '/accepted');
    await serverSpan(collector, '/accepted');
    expect(find.serverPath(collector.spans(), '/rejected-0')).toBeUndefined();
    expectNothingEscaped(app);
  });

  test('collector accepting but never answering: the export is abandoned at its timeout, later spans get through', async ({ collector, consumer, startNode, endpoint }) => {
    endpoint.fallback(hang);
    const app = startApp(startNode, consumer.stage('app.mjs'), endpoint, { OTEL_EXPORTER_OTLP_TIMEOUT: '1500' });
    const { url } = await app.ready();
    await hit({ url }, '/into-the-void');
    await endpoint.waitForPosts(1);
    // The exporter closes the hung connection itself (the endpoint never does).
    await expect.poll(() => endpoint.posts()[0]!.closedAt, { timeout: 10_000 }).toBeDefined();
    await app.waitForOutput(/traces export to http:\/\/127\.0\.0\.1:\d+\/v1\/traces failed \(timed out after \d+ ms\)/);
    await hit({ url }, '/app-still-fine');

    endpoint.fallback(forward);
    await hit({ url }, '/after-the-void');
    await serverSpan(collector, '/after-the-void');
    expectNothingEscaped(app);
  });

  test('collector answering late (within the export timeout): one request, no retry, spans arrive', async ({ collector, consumer, startNode, endpoint }) => {
    endpoint.fallback(delay(1_500));
    const app = startApp(startNode, consumer.stage('app.mjs'), endpoint);
    const { url } = await app.ready();
    await hit({ url }, '/slow-collector');
    await hit({ url }, '/slow-collector-2');
    await serverSpan(collector, '/slow-collector');
    await serverSpan(collector, '/slow-collector-2');
    // Each export was answered, none abandoned (an abandoned one would have been retried).
    expect((await endpoint.waitForPosts(1)).map((p) => p.status)).toEqual(endpoint.posts().map(() => 200));
    expectNothingEscaped(app);
  });

  test('connection reset mid-request: retried, and the span arrives', async ({ collector, consumer, startNode, endpoint }) => {
    endpoint.script(reset);
    const app = startApp(startNode, consumer.stage('app.mjs'), endpoint);
    const { url } = await app.ready();
    await hit({ url }, '/reset');
    await serverSpan(collector, '/reset');
    const [cut, retry] = await endpoint.waitForPosts(2);
    expect(cut!.fault).toBe('reset');
    expect(retry!.status).toBe(200);
    expect(retry!.receivedAt - cut!.receivedAt).toBeGreaterThanOrEqual(MIN_FIRST_BACKOFF_MS);
    expectNothingEscaped(app);
  });

  test('collector never answering with a small queue: spans beyond OTEL_BSP_MAX_QUEUE_SIZE are dropped, counted and reported; the app is unaffected', async ({ consumer, startNode, endpoint }) => {
    endpoint.fallback(hang);
    const app = startApp(startNode, consumer.stage('app.mjs'), endpoint, { OTEL_BSP_MAX_QUEUE_SIZE: '5', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '5' });
    const { url } = await app.ready();
    // 5 leave in the first (hung) export, 5 fill the queue, the other 10 are dropped.
    for (let i = 0; i < 20; i++) await hit({ url }, `/flood-${i}`);
    const match = await app.waitForOutput(/dropped (\d+) spans?: queue full \(OTEL_BSP_MAX_QUEUE_SIZE=5\)/, 15_000);
    const dropped = Number(match[1]);
    expect(dropped).toBeGreaterThanOrEqual(5);
    expect(dropped).toBeLessThanOrEqual(15);
    await hit({ url }, '/still-fine');
    expectNothingEscaped(app);
  });

  for (const state of ['refusing connections', 'never answering'] as const) {
    test(`shutdown() with a collector ${state} resolves within its 2 s bound`, async ({ consumer, startNode, serve, endpoint }) => {
      const target = await serve({});
      if (state === 'refusing connections') await endpoint.refuse();
      else endpoint.fallback(hang);
      const dir = consumer.stage('shutdown.mjs');
      const script = startNode({ script: `${dir}/shutdown.mjs`, env: { COLLECTOR_URL: endpoint.url, TARGET_URL: `${target.origin}/api/x` } });
      expect(await script.waitForExit(15_000)).toEqual({ code: 0, signal: null });
      const line = script.stdout().split('\n').find((l) => l.startsWith('{"status"'));
      const { status: code, shutdownMillis } = JSON.parse(line ?? '{}');
      expect(code).toBe(200);
      // The bound is 2 s; allow for a loaded machine, but not for a retry cycle (8-10 s before).
      expect(shutdownMillis).toBeLessThan(3_500);
      expect(script.output()).not.toMatch(/UNHANDLED-REJECTION|UNCAUGHT-EXCEPTION/);
    });
  }
});

test.describe('Chromium', () => {
  async function openPage(page: Page, serve: (o: ServeOptions) => Promise<StaticServer>, consumerDir: string, endpoint: FaultyEndpoint) {
    const site = await serve({
      files: { '/': join(import.meta.dirname, 'page.html') },
      dirs: { '/vendor/': join(consumerDir, 'dist', 'browser') },
    });
    const logs: string[] = [];
    page.on('console', (m) => logs.push(m.text()));
    await page.goto(`${site.origin}/?collector=${encodeURIComponent(endpoint.url)}`);
    return { site, logs };
  }
  const pageHit = async (page: Page, path: string) => {
    expect(await page.evaluate((p) => (window as any).hit(p), path)).toEqual({ status: 200, body: expect.any(String) });
  };
  const pageErrors = (page: Page) => page.evaluate(() => (window as any).__errors as string[]);
  const clientSpan = (collector: Collector, path: string) => collector.waitForSpans((s) => !!find.urlEndsWith(s, path));

  test('refused, then back: the page is unaffected and the buffered span arrives', async ({ page, collector, consumer, serve, endpoint }) => {
    await endpoint.refuse();
    const { logs } = await openPage(page, serve, consumer.packageDir, endpoint);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await pageHit(page, '/api/during-outage');
    await expect.poll(() => logs.find((l) => /traces export attempt 1 failed .*retrying in \d+ ms/.test(l)), { timeout: 10_000 }).toBeDefined();
    await endpoint.accept();
    const spans = await clientSpan(collector, '/api/during-outage');
    expect(find.urlEndsWith(spans, '/api/during-outage')!.encoding).toBe('json');
    expect(errors).toEqual([]);
    expect(await pageErrors(page)).toEqual([]);
  });

  test('503, then OK: retried, and the span arrives', async ({ page, collector, consumer, serve, endpoint }) => {
    endpoint.script(status(503));
    await openPage(page, serve, consumer.packageDir, endpoint);
    await pageHit(page, '/api/behind-503');
    await clientSpan(collector, '/api/behind-503');
    const [failed, retry] = await firstBatchAndItsRetry(endpoint);
    expect([failed.status, retry.status]).toEqual([503, 200]);
    expect(retry.receivedAt - failed.answeredAt!).toBeGreaterThanOrEqual(MIN_FIRST_BACKOFF_MS);
    expect(await pageErrors(page)).toEqual([]);
  });

  test('429 with Retry-After (exposed by CORS): the retry waits at least the advertised delay', async ({ page, collector, consumer, serve, endpoint }) => {
    endpoint.script(status(429, '2'));
    await openPage(page, serve, consumer.packageDir, endpoint);
    await pageHit(page, '/api/throttled');
    await clientSpan(collector, '/api/throttled');
    const [throttled, retry] = await firstBatchAndItsRetry(endpoint);
    expect([throttled.status, retry.status]).toEqual([429, 200]);
    expect(retry.receivedAt - throttled.answeredAt!).toBeGreaterThanOrEqual(2_000 - 10);
    expect(await pageErrors(page)).toEqual([]);
  });

  test('413 is not retried', async ({ page, consumer, serve, endpoint }) => {
    endpoint.fallback(status(413));
    const { logs } = await openPage(page, serve, consumer.packageDir, endpoint);
    await pageHit(page, '/api/too-large');
    await endpoint.waitForPosts(1);
    await page.waitForTimeout(RETRY_WINDOW_MS);
    // Page spans may leave in a batch of their own; what must never happen is the same batch twice.
    const posts = endpoint.posts();
    expect(posts.length).toBeGreaterThanOrEqual(1);
    expect(posts.every((p) => p.status === 413)).toBe(true);
    expect(new Set(posts.map((p) => p.digest)).size, 'a batch was sent again').toBe(posts.length);
    expect(logs.some((l) => l.includes('rejected with HTTP 413'))).toBe(true);
    expect(await pageErrors(page)).toEqual([]);
  });
});

/**
 * The first post and the retry of the same batch (same body digest), in arrival order. Page spans
 * may travel in a batch of their own, so "the second post" is not always the retry: wait for it.
 */
async function firstBatchAndItsRetry(endpoint: FaultyEndpoint): Promise<[RecordedPost, RecordedPost]> {
  await endpoint.waitForPosts(2);
  const retryOfFirst = () => {
    const [first, ...rest] = endpoint.posts();
    return rest.find((p) => p.digest === first!.digest);
  };
  await expect.poll(retryOfFirst, { message: 'no retry of the first batch', timeout: 15_000 }).toBeDefined();
  return [endpoint.posts()[0]!, retryOfFirst()!];
}
