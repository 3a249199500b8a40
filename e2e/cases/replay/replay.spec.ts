import { readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Page } from '@playwright/test';
import { expect, test } from '../../fixtures/test';
import { reassemble, reassembleSafe, replayRows, site } from './replay-helpers';

const TYPED = 'hunter2-typed-secret';
/** What is typed into the password, email and phone fields: never in clear, whatever the options. */
const CREDENTIALS = { '#password': 'pw-very-secret', '#email': 'ada.secret@example.com', '#tel': '+44 7700 900123' };

/** Types (key by key) into the password, email and phone fields. */
async function typeCredentials(page: Page) {
  for (const [field, value] of Object.entries(CREDENTIALS)) {
    await page.click(field);
    await page.keyboard.type(value, { delay: 2 });
  }
}

/** Types into the text field and the credential fields and adds two list items. */
async function interact(page: Page) {
  await page.click('#name');
  await page.keyboard.type(TYPED, { delay: 5 });
  await typeCredentials(page);
  await page.click('#add');
  await page.click('#add');
  await page.waitForFunction(() => document.querySelectorAll('#list li').length === 2);
}

/** The texts of the stream's input events (rrweb IncrementalSource.Input), in order. */
function inputTexts(events: { type: number; data: any }[]): string[] {
  return events.filter((e) => e.type === 3 && e.data?.source === 5).map((e) => e.data.text as string);
}

test('script-tag add-on: rr-web log records the HyperDX player can replay, masked, under the session resource', async ({ page, collector, consumer, serve }) => {
  const server = await site(serve, consumer.packageDir, collector.url);
  const messages: string[] = [];
  page.on('console', (m) => messages.push(m.text()));
  page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
  await page.goto(`${server.origin}/?big=1`);
  await page.waitForFunction(() => (window as any).ClickStackReplay?.recording === true);
  await interact(page);
  // rrweb batches mutations and inputs per animation frame; then the queue is sent.
  await page.waitForTimeout(300);
  await page.evaluate(() => (window as any).ClickStackReplay.flush());
  const sessionId = await page.evaluate(() => (window as any).ClickStack.getSessionId());
  expect(sessionId).toMatch(/^[0-9a-f]{32}$/);

  await expect.poll(() => reassembleSafe(replayRows(collector)).some((e) => e.type === 3 && e.data?.source === 0 && JSON.stringify(e).includes('added item 2')), { timeout: 15_000 }).toBe(true);
  expect(collector.errors()).toEqual([]);

  const rows = replayRows(collector);
  // Arrival order is emit order (one replay export in flight at a time): offsets 0, 1, 2, …
  expect(rows.map((r) => r.attributes['rr-web.offset'])).toEqual(rows.map((_, i) => i));
  for (const r of rows) {
    expect(r.bodyIsString).toBe(true);
    expect(r.scope).toBe('rum.rr-web');
    expect(Object.keys(r.attributes).sort()).toEqual(['rr-web.chunk', 'rr-web.event', 'rr-web.offset', 'rr-web.total-chunks']);
    for (const v of Object.values(r.attributes)) expect(typeof v).toBe('number');
    expect(r.resource).toMatchObject({ 'rum.sessionId': sessionId, 'session.id': sessionId, 'service.name': 'replay-page', 'telemetry.distro.name': 'clickstack-otel' });
    // ≤ 950 KiB of UTF-8 a chunk.
    expect(Buffer.byteLength(r.body, 'utf8')).toBeLessThanOrEqual(950 * 1024);
  }

  const { events, multiChunk } = reassemble(rows);
  // The page's ~1.3 MB of text makes the full snapshot span chunks, cut without breaking characters.
  expect(multiChunk).toBeGreaterThanOrEqual(1);
  expect(rows.some((r) => (r.attributes['rr-web.total-chunks'] as number) > 1)).toBe(true);
  // rrweb's opening (it started before `load`): DomContentLoaded (0) / Load (1), then Meta (4) and
  // FullSnapshot (2); times never go backwards.
  const types = events.map((e) => e.type);
  const meta = types.indexOf(4);
  expect(meta).toBeGreaterThanOrEqual(0);
  expect(types.slice(0, meta).every((t) => t === 0 || t === 1)).toBe(true);
  expect(types[meta + 1]).toBe(2);
  for (let i = 1; i < events.length; i++) expect(events[i]!.timestamp).toBeGreaterThanOrEqual(events[i - 1]!.timestamp);
  const snapshot = JSON.stringify(events.find((e) => e.type === 2));
  expect(snapshot).toContain('Replay under test 🚀 launch');
  expect(snapshot).toContain('paragraph 8999 größer 日本語 👩‍💻');

  // Privacy: typed values are masked (rrweb writes `*` per character); blocked and masked-class text never leaves the page.
  const all = rows.map((r) => r.body).join('');
  expect(all).not.toContain(TYPED);
  expect(all).not.toContain('hunter2');
  for (const value of Object.values(CREDENTIALS)) expect(all).not.toContain(value);
  expect(all).not.toContain('top secret blocked text');
  expect(all).not.toContain('masked personal text');
  const inputs = inputTexts(events);
  expect(inputs.length).toBeGreaterThan(0);
  for (const text of inputs) expect(text).toMatch(/^\*+$/);
  expect(inputs).toContain('*'.repeat(TYPED.length));
  for (const value of Object.values(CREDENTIALS)) expect(inputs).toContain('*'.repeat(value.length));

  // The Client Sessions page lists sessions that have a `record init` span.
  const spans = await collector.waitForSpans((s) => s.some((x) => x.name === 'record init'));
  const init = spans.filter((s) => s.name === 'record init');
  expect(init).toHaveLength(1);
  expect(init[0]!.resource).toMatchObject({ 'rum.sessionId': sessionId, 'service.name': 'replay-page' });
  expect(init[0]!.scope.name).toBe('rum.rr-web');

  const requests = collector.requests().filter((r) => r.path === '/v1/logs' && r.method === 'POST');
  expect(requests.length).toBeGreaterThan(0);
  expect(requests.map((r) => [r.contentType, r.headers.authorization, r.status])).toEqual(requests.map(() => ['application/json', 'replay-key', 200]));
  expect(messages.filter((m) => /clickstack-otel|pageerror/.test(m))).toEqual([]);
});

test('stops when the SDK shuts down and starts again, with a new full snapshot, under the next init()', async ({ page, collector, consumer, serve }) => {
  const server = await site(serve, consumer.packageDir, collector.url);
  await page.goto(`${server.origin}/`);
  await page.waitForFunction(() => (window as any).ClickStackReplay?.recording === true);
  await page.evaluate(() => (window as any).ClickStack.shutdown());
  await page.waitForFunction(() => (window as any).ClickStackReplay.recording === false, undefined, { timeout: 5_000 });
  await expect.poll(() => reassembleSafe(replayRows(collector)).filter((e) => e.type === 2).length, { timeout: 10_000 }).toBe(1);
  // Nothing is recorded while no SDK runs.
  await page.click('#add');
  await page.waitForTimeout(1_500);
  const before = replayRows(collector).length;
  expect(JSON.stringify(replayRows(collector).map((r) => r.body))).not.toContain('added item 1');

  await page.evaluate((url) => (window as any).ClickStack.init({ service: 'replay-page', url, apiKey: 'replay-key' }), collector.url);
  await page.waitForFunction(() => (window as any).ClickStackReplay.recording === true, undefined, { timeout: 5_000 });
  await page.click('#add');
  await page.waitForTimeout(300);
  await page.evaluate(() => (window as any).ClickStackReplay.flush());
  await expect.poll(() => reassembleSafe(replayRows(collector)).filter((e) => e.type === 2).length, { timeout: 10_000 }).toBe(2);
  const after = replayRows(collector).slice(before);
  // The second recording numbers from 0 again and opens with Meta + FullSnapshot, which shows the page as it is now.
  expect(after[0]!.attributes['rr-web.offset']).toBe(0);
  const second = reassemble(after).events;
  expect(second.map((e) => e.type).slice(0, 2)).toEqual([4, 2]);
  expect(JSON.stringify(second[1])).toContain('added item 1');
  await collector.waitForSpans((s) => s.filter((x) => x.name === 'record init').length === 2);
});

test('maskAllInputs false: other fields in clear, password/email/tel still masked; mask and block selectors', async ({ page, collector, consumer, serve }) => {
  const server = await site(serve, consumer.packageDir, collector.url, {
    html: (h) => h.replace('data-block-class="secret-box" data-mask-text-class="pii"', 'data-mask-all-inputs="false" data-mask-text-selector="[data-pii]" data-block-selector="#private-panel"'),
  });
  await page.goto(`${server.origin}/`);
  await page.waitForFunction(() => (window as any).ClickStackReplay?.recording === true);
  await page.click('#name');
  await page.keyboard.type('plain visible name', { delay: 2 });
  await typeCredentials(page);
  await page.waitForTimeout(300);
  await page.evaluate(() => (window as any).ClickStackReplay.flush());
  await expect.poll(() => inputTexts(reassembleSafe(replayRows(collector))).includes('*'.repeat(CREDENTIALS['#tel'].length)), { timeout: 10_000 }).toBe(true);

  const rows = replayRows(collector);
  const all = rows.map((r) => r.body).join('');
  const { events } = reassemble(rows);
  // The option took effect: the text field is recorded as typed...
  expect(inputTexts(events)).toContain('plain visible name');
  // ...and the credential fields are not.
  for (const value of Object.values(CREDENTIALS)) {
    expect(all).not.toContain(value);
    expect(inputTexts(events)).toContain('*'.repeat(value.length));
  }
  const snapshot = JSON.stringify(events.find((e) => e.type === 2));
  expect(snapshot).toContain('Replay under test');
  expect(all).not.toContain('selector masked text');
  // rrweb masks text character by character, keeping the spaces.
  expect(snapshot).toContain('selector masked text'.replace(/\S/g, '*'));
  // A blocked element is an empty placeholder of its size (rrweb keeps no id, only rr_width/rr_height):
  // its text never leaves the page. Here #private-panel is the only one (.secret-box is not blocked).
  expect(all).not.toContain('selector blocked text');
  expect(snapshot.match(/"rr_width":"[\d.]+px"/g)).toHaveLength(1);
  expect(snapshot).toContain('top secret blocked text');
});

test('maskAllText: every text node recorded as *, inputs masked too', async ({ page, collector, consumer, serve }) => {
  const server = await site(serve, consumer.packageDir, collector.url, {
    html: (h) => h.replace('data-block-class="secret-box" data-mask-text-class="pii"', 'data-mask-all-text'),
  });
  await page.goto(`${server.origin}/`);
  await page.waitForFunction(() => (window as any).ClickStackReplay?.recording === true);
  await page.click('#name');
  await page.keyboard.type(TYPED, { delay: 2 });
  await page.click('#add');
  await page.waitForTimeout(300);
  await page.evaluate(() => (window as any).ClickStackReplay.flush());
  await expect.poll(() => reassembleSafe(replayRows(collector)).some((e) => e.type === 3 && e.data?.source === 0 && e.data.adds?.length), { timeout: 10_000 }).toBe(true);
  const rows = replayRows(collector);
  const all = rows.map((r) => r.body).join('');
  for (const text of ['Replay under test', 'masked personal text', 'selector masked text', 'added item 1', TYPED]) expect(all).not.toContain(text);
  const { events } = reassemble(rows);
  const snapshot = JSON.stringify(events.find((e) => e.type === 2));
  // The heading is there, every character but the spaces replaced.
  expect(snapshot).toContain('Replay under test'.replace(/\S/g, '*'));
  expect(inputTexts(events)).toContain('*'.repeat(TYPED.length));
});

test('the add-on tag before the SDK tag: recording starts when init() runs', async ({ page, collector, consumer, serve }) => {
  const tag = '<script src="/vendor/clickstack-otel-replay.global.js" data-block-class="secret-box" data-mask-text-class="pii"></script>';
  const server = await site(serve, consumer.packageDir, collector.url, {
    html: (h) => h.replace(tag, '').replace('<script src="/vendor/clickstack-otel.global.js"></script>', `${tag}\n    <script src="/vendor/clickstack-otel.global.js"></script>`),
  });
  await page.goto(`${server.origin}/`);
  expect(await page.evaluate(() => document.scripts[0]!.src)).toMatch(/clickstack-otel-replay\.global\.js$/);
  await page.waitForFunction(() => (window as any).ClickStackReplay?.recording === true);
  await page.click('#add');
  await page.waitForTimeout(300);
  await page.evaluate(() => (window as any).ClickStackReplay.flush());
  const sessionId = await page.evaluate(() => (window as any).ClickStack.getSessionId());
  await expect.poll(() => reassembleSafe(replayRows(collector)).some((e) => JSON.stringify(e).includes('added item 1')), { timeout: 10_000 }).toBe(true);
  const { events } = reassemble(replayRows(collector));
  expect(events.some((e) => e.type === 2)).toBe(true);
  for (const r of replayRows(collector)) expect(r.resource['rum.sessionId']).toBe(sessionId);
  await collector.waitForSpans((s) => s.some((x) => x.name === 'record init' && x.resource['rum.sessionId'] === sessionId));
});

test('bad data-* options: one [clickstack-otel] message, recording goes on with safe defaults', async ({ page, collector, consumer, serve }) => {
  const bad = await site(serve, consumer.packageDir, collector.url, {
    html: (h) => h.replace('data-block-class="secret-box" data-mask-text-class="pii"', 'data-mask-all-inputs="perhaps" data-sample-rate="7" data-block-selector="[[bad"'),
  });
  const messages: string[] = [];
  page.on('console', (m) => messages.push(m.text()));
  await page.goto(`${bad.origin}/`);
  await page.waitForFunction(() => (window as any).ClickStackReplay?.recording === true);
  await page.click('#name');
  await page.keyboard.type('still-masked');
  await page.waitForTimeout(300);
  await page.evaluate(() => (window as any).ClickStackReplay.flush());
  const ours = messages.filter((m) => m.includes('[clickstack-otel]'));
  expect(ours).toHaveLength(1);
  expect(ours[0]).toMatch(/session replay: maskAllInputs must be true or false, not "perhaps"; using true; .*blockSelector must be a valid CSS selector.*sampleRate must be a number from 0 to 1, not 7/);
  await expect.poll(() => reassembleSafe(replayRows(collector)).some((e) => e.type === 3 && e.data?.source === 5), { timeout: 10_000 }).toBe(true);
  expect(replayRows(collector).map((r) => r.body).join('')).not.toContain('still-masked');
});

test('ESM: clickstack-otel/replay bundled by esbuild records through init() from clickstack-otel', async ({ page, collector, consumer, serve }) => {
  const esbuild = await import('esbuild');
  const dir = consumer.stage('esm/main.js', 'esm/index.html');
  const outdir = join(dir, 'out');
  rmSync(outdir, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: consumer.dir,
    entryPoints: [join(dir, 'esm', 'main.js')],
    outdir,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    metafile: true,
    logLevel: 'silent',
  });
  expect(result.errors).toEqual([]);
  const fromPackage = Object.keys(result.metafile.inputs)
    .map((p) => relative(consumer.packageDir, join(consumer.dir, p)).replaceAll('\\', '/'))
    .filter((p) => !p.startsWith('..'));
  expect(fromPackage.sort()).toEqual(['dist/browser/index.js', 'dist/browser/replay.js']);
  const site = await serve({
    files: { '/': join(dir, 'esm', 'index.html') },
    dirs: { '/out/': outdir },
    routes: {
      '/config.js': (_q: IncomingMessage, res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end(`window.replayConfig = ${JSON.stringify({ url: collector.url })};`);
      },
    },
  });
  await page.goto(`${site.origin}/`);
  await page.waitForFunction(() => (window as any).replay?.recording === true);
  await page.click('#name');
  await page.keyboard.type('ada@example.com');
  await page.click('#add');
  await page.waitForTimeout(300);
  await page.evaluate(() => (window as any).replay.flush());
  const sessionId = await page.evaluate(() => (window as any).getSessionId());
  await expect.poll(() => reassembleSafe(replayRows(collector)).some((e) => JSON.stringify(e).includes('esm item')), { timeout: 10_000 }).toBe(true);
  const rows = replayRows(collector);
  for (const r of rows) expect(r.resource).toMatchObject({ 'rum.sessionId': sessionId, 'service.name': 'replay-esm' });
  const all = rows.map((r) => r.body).join('');
  expect(all).not.toContain('ada@example.com');
  expect(all).not.toContain('esm personal text');
  expect(reassemble(rows).events.some((e) => e.type === 2)).toBe(true);
  await collector.waitForSpans((s) => s.some((x) => x.name === 'record init' && x.resource['rum.sessionId'] === sessionId));
});

test('the default script tag carries no recorder', async ({ consumer }) => {
  const iife = readFileSync(join(consumer.packageDir, 'dist', 'browser', 'clickstack-otel.global.js'), 'utf8');
  expect(iife).not.toContain('rr-web');
  expect(iife).not.toContain('takeFullSnapshot');
  const addon = readFileSync(join(consumer.packageDir, 'dist', 'browser', 'clickstack-otel-replay.global.js'), 'utf8');
  expect(addon).toContain('takeFullSnapshot');
});
