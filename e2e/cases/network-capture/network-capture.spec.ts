/**
 * Advanced network capture in Node, on the packed tarball: the same scenario runs without the
 * SDK, with the SDK and capture off, and with capture on, and everything the app observed (bytes,
 * encodings, callbacks and their order, return values, stream modes, parsed bodies) must be
 * identical; the spans of the capture-on run must carry the redacted, masked, capped schema.
 */
import { expect, SpanKind, test, type FlatSpan, type NodeProcess, type StartNodeOptions } from '../../fixtures/test';

const FIVE_MB = 5 * 1024 * 1024;
type Mode = 'none' | 'off' | 'on' | 'env';
type Outcome = { observed: Record<string, any>; server: Record<string, any>; rssGrowthBytes: number; rssPeakGrowthBytes: number; output: string };

async function runScenario(startNode: (o: StartNodeOptions) => NodeProcess, dir: string, collectorUrl: string, mode: Mode, env: Record<string, string> = {}): Promise<Outcome> {
  const app = startNode({ script: `${dir}/scenario.mjs`, nodeArgs: ['--expose-gc'], env: { MODE: mode, COLLECTOR_URL: collectorUrl, ...env } });
  expect(await app.waitForExit(40_000)).toEqual({ code: 0, signal: null });
  const line = app.stdout().split('\n').find((l) => l.startsWith('{"done":true'));
  expect(line, app.output()).toBeDefined();
  return { ...JSON.parse(line!), output: app.output() };
}
const CAP = 64 * 1024;

test('capture never changes what the app observes, and records the schema', async ({ collector, consumer, startNode }) => {
  test.setTimeout(90_000);
  const dir = consumer.stage('scenario.mjs');
  const run = (mode: Mode) => runScenario(startNode, dir, collector.url, mode);

  const none = await run('none');
  const off = await run('off');
  const offSpans = collector.spans();
  expect(offSpans.length).toBeGreaterThan(10);
  for (const s of offSpans) expect(Object.keys(s.attributes).filter((k) => /^http\.(request|response)\.(header\.|body)/.test(k)), s.name).toEqual([]);
  collector.clear();
  const on = await run('on');

  // 1. Byte-identical app behaviour.
  expect(off.observed).toEqual(none.observed);
  expect(off.server).toEqual(none.server);
  expect(on.observed).toEqual(off.observed);
  expect(on.server).toEqual(off.server);
  // The scenario itself exercised what it claims (so the comparison above cannot pass vacuously).
  expect(on.server['/write-enc']).toEqual({ events: ['cb1', 'cb2', 'cb3', 'end-cb', 'finish'], returns: [true, true, true, true, true, true] });
  expect(on.server['/end-only-cb']).toEqual({ events: ['end-cb'], endReturnsRes: true });
  expect(on.server['/readable']).toMatchObject({ flowingBefore: null, flowingDuring: [false], size: 300_000 });
  expect(on.server['/json']).toEqual([{ user: 'ann', password: 'hunter2' }, { user: 'bob', password: 'pw' }, { user: 'fay', password: 'hunter2' }, { user: 'cy', password: 'pc' }]);
  expect(on.server['/upload'].size).toBe(FIVE_MB);
  expect(on.observed.download.size).toBe(FIVE_MB);
  expect(on.observed.writeEncBody).toBe('base64 part|utf8 part \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80|hex part|latin1 part \xe9|u8|end base64');
  expect(on.observed.sse.events).toBe(6);
  expect(on.observed.json.events).toEqual(['write:true', 'write-cb', 'end-cb']);

  // 2. The schema on the spans.
  const spans = await collector.waitForSpans((s) => s.filter((x) => x.attributes['url.path'] === '/upload').length >= 8);
  const server = (path: string) => spans.find((s) => s.kind === SpanKind.SERVER && s.attributes['url.path'] === path)!;
  const client = (path: string) => spans.find((s) => s.kind === SpanKind.CLIENT && String(s.attributes['url.full']).endsWith(path) && s.scope.name === 'clickstack-otel')!;
  const both = (path: string): FlatSpan[] => [server(path), client(path)];

  for (const s of both('/write-enc')) {
    expect(s.attributes['http.response.body']).toBe('base64 part|utf8 part é€😀|hex part|latin1 part \uFFFD|u8|end base64');
    expect(s.attributes['http.response.header.content-type']).toEqual(['text/plain; charset=utf-8']);
  }
  for (const s of both('/json')) {
    expect(s.attributes['http.request.body']).toBe('{"user":"ann","password":"[REDACTED]"}');
    expect(s.attributes['http.request.header.authorization']).toEqual(['[REDACTED]']);
    expect(s.attributes['http.request.header.cookie']).toEqual(['[REDACTED]']);
    expect(s.attributes['http.response.header.set-cookie']).toEqual(['[REDACTED]']);
    expect(s.attributes['http.response.body']).toBe('{"ok":true,"user":"ann","token":"[REDACTED]"}');
  }
  for (const s of both('/pipe')) expect(s.attributes['http.request.body']).toBe('{"piped":true,"password":"[REDACTED]"}');
  for (const s of both('/readable')) {
    expect(s.attributes['http.request.body']).toBe('r'.repeat(CAP));
    expect(s.attributes['http.request.body.truncated']).toBe(true);
    expect(s.attributes['http.request.body.size']).toBe(300_000);
  }
  for (const s of [...spans.filter((x) => x.attributes['url.path'] === '/upload'), ...spans.filter((x) => String(x.attributes['url.full']).endsWith('/upload'))]) {
    expect((s.attributes['http.request.body'] as string).length).toBe(CAP);
    expect(s.attributes['http.request.body.truncated']).toBe(true);
    expect(s.attributes['http.request.body.size']).toBe(FIVE_MB);
  }
  for (const s of both('/download')) {
    expect((s.attributes['http.response.body'] as string).length).toBe(CAP);
    expect(s.attributes['http.response.body.truncated']).toBe(true);
    expect(s.attributes['http.response.body.size']).toBe(FIVE_MB);
  }
  for (const s of both('/gzip')) {
    const body = JSON.parse(s.attributes['http.response.body'] as string);
    expect(body.items).toHaveLength(200);
    expect(body.secret).toBe('[REDACTED]');
    expect(s.attributes['http.response.header.content-encoding']).toEqual(['gzip']);
  }
  for (const s of both('/sse')) {
    expect((s.attributes['http.response.body'] as string).startsWith('id: 0\ndata: €€€')).toBe(true);
    expect(s.attributes['http.response.body.truncated']).toBe(true);
  }
  // The stream's span ends when the response ends, not later: before the client saw the end.
  expect(BigInt(server('/sse').endTimeUnixNano)).toBeLessThanOrEqual(BigInt(client('/sse').endTimeUnixNano));
  for (const s of both('/slow')) expect(s.attributes['http.response.body']).toBe('slow-1 slow-2 slow-3');
  expect(server('/unread').attributes['http.response.status_code']).toBe(413);
  const fetchSpan = spans.find((s) => s.kind === SpanKind.CLIENT && String(s.attributes['url.full']).endsWith('/json') && s.attributes['http.request.header.user-agent'])!;
  expect(fetchSpan.attributes['http.request.header.authorization']).toEqual(['[REDACTED]']);
  expect(fetchSpan.attributes['http.response.header.set-cookie']).toEqual(['[REDACTED]']);

  // fetch (undici): bodies from what the app passed and from a clone of the response.
  expect(on.observed.fetchSse.onTime).toEqual([true, true, true, true, true]);
  expect(on.observed.fetchReader.size).toBe(FIVE_MB);
  expect(on.observed.fetchUploads).toEqual({ params: 'q=search&password=p', bytes: '{"bytes":1}', blob: 'blob', stream: 'streamed', form: true });
  const viaFetch = (pathAndQuery: string) => {
    const found = spans.find((s) => s.kind === SpanKind.CLIENT && String(s.attributes['url.full']).endsWith(`${pathAndQuery}${pathAndQuery.includes('?') ? '&' : '?'}via=fetch`));
    expect(found, `fetch span for ${pathAndQuery}`).toBeDefined();
    return found!.attributes;
  };
  expect(viaFetch('/json')['http.request.body']).toBe('{"user":"fay","password":"[REDACTED]"}');
  expect(viaFetch('/json')['http.response.body']).toBe('{"ok":true,"user":"fay","token":"[REDACTED]"}');
  expect(viaFetch('/json')['http.request.header.authorization']).toEqual(['[REDACTED]']);
  expect(viaFetch('/slow')['http.response.body']).toBe('slow-1 slow-2 slow-3');
  for (const path of ['/gzip', '/gzip?as=buffer']) {
    const body = JSON.parse(viaFetch(path)['http.response.body'] as string);
    expect(body.items).toHaveLength(200);
    expect(body.secret).toBe('[REDACTED]');
  }
  expect((viaFetch('/download')['http.response.body'] as string).length).toBe(CAP);
  expect(viaFetch('/download')['http.response.body.truncated']).toBe(true);
  expect(viaFetch('/sse-timed')['http.response.body.skipped']).toBe('stream');
  expect(viaFetch('/pipe?kind=params')['http.request.body']).toBe('q=search&password=%5BREDACTED%5D');
  expect(viaFetch('/pipe?kind=bytes')['http.request.body']).toBe('{"bytes":1}');
  expect(viaFetch('/pipe?kind=blob')).toMatchObject({ 'http.request.body.skipped': 'binary', 'http.request.body.size': 4 });
  expect(viaFetch('/pipe?kind=stream')['http.request.body.skipped']).toBe('stream');
  expect(viaFetch('/pipe?kind=form')['http.request.body.skipped']).toBe('multipart');

  // 3. No secret anywhere in what was exported; our own exports are never captured.
  const exported = JSON.stringify(collector.spans());
  for (const secret of ['hunter2', 'app-secret', 'fetch-secret', 'server-token', 'sid=abc', 'c=1']) expect(exported).not.toContain(secret);
  expect(exported).not.toContain(`${collector.url}/v1/traces`);

  // 4. Memory: 16 bodies of 5 MB (4 up + 4 down at once, twice). Holding whole bodies would add
  // ≥ 40 MB to the peak per direction (80 MB in all); the allowance covers RSS noise between runs.
  const mb = (n: number) => (n / 1048576).toFixed(1);
  const line = `RSS over 2 × (4 × 5 MB up + 4 × 5 MB down): peak growth none ${mb(none.rssPeakGrowthBytes)} MB, off ${mb(off.rssPeakGrowthBytes)} MB, on ${mb(on.rssPeakGrowthBytes)} MB; retained after GC none ${mb(none.rssGrowthBytes)} MB, off ${mb(off.rssGrowthBytes)} MB, on ${mb(on.rssGrowthBytes)} MB`;
  test.info().annotations.push({ type: 'rss', description: line });
  console.log(line);
  expect((on.rssPeakGrowthBytes - off.rssPeakGrowthBytes) / 1048576).toBeLessThan(40);
});

test('the environment turns capture on with its limits; still no change to the app', async ({ collector, consumer, startNode }) => {
  test.setTimeout(60_000);
  const dir = consumer.stage('scenario.mjs');
  const none = await runScenario(startNode, dir, collector.url, 'none');
  const env = await runScenario(startNode, dir, collector.url, 'env', {
    HYPERDX_ENABLE_ADVANCED_NETWORK_CAPTURE: '1',
    HYPERDX_NETWORK_CAPTURE_MAX_BODY_BYTES: '1000',
    HYPERDX_NETWORK_CAPTURE_REDACT_HEADERS: 'x-forwarded-for,user-agent',
    HYPERDX_NETWORK_CAPTURE_DENY_URLS: 'http://127.0.0.1:1/,http://localhost:1/',
  });
  expect(env.observed).toEqual(none.observed);
  expect(env.server).toEqual(none.server);
  expect(env.output).not.toContain('[clickstack-otel]');
  const spans = await collector.waitForSpans((s) => s.filter((x) => x.attributes['url.path'] === '/upload').length >= 8);
  const upload = spans.find((s) => s.kind === SpanKind.SERVER && s.attributes['url.path'] === '/upload')!;
  expect(upload.attributes['http.request.body']).toBe('u'.repeat(1000));
  expect(upload.attributes['http.request.body.truncated']).toBe(true);
  const fetchSpan = spans.find((s) => s.kind === SpanKind.CLIENT && Array.isArray(s.attributes['http.request.header.user-agent']))!;
  expect(fetchSpan.attributes['http.request.header.user-agent']).toEqual(['[REDACTED]']);
  // '€' is 3 bytes: a cut at 1000 bytes lands on a character boundary, whole characters only.
  const sse = spans.filter((s) => s.attributes['url.path'] === '/sse' || String(s.attributes['url.full']).endsWith('/sse'));
  expect(sse).toHaveLength(2);
  for (const s of sse) {
    const body = s.attributes['http.response.body'] as string;
    expect(body).toBe(`id: 0\ndata: ${'€'.repeat(329)}`);
    expect(s.attributes['http.response.body.truncated']).toBe(true);
  }
});
