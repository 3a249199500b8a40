/**
 * The replay's bounds in time and on the way out: the session's 4 h maximum (a controlled clock,
 * as e2e/cases/rum-session does), the flush when the page goes away (within the page's keepalive
 * budget, platform/browser/keepalive-budget), and sampling (`sessionSampleRate` and the add-on's
 * own `data-sample-rate`): a session outside the rate records nothing and sends no `record init`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Page } from '@playwright/test';
import { expect, test, type Collector } from '../../fixtures/test';
import { reassemble, replayRows, site, type ReplayRow } from './replay-helpers';

const MINUTE = 60_000;
const T0 = new Date('2026-12-01T08:00:00Z').getTime();
const ADDON_TAG = '<script src="/vendor/clickstack-otel-replay.global.js" data-block-class="secret-box" data-mask-text-class="pii"></script>';

const rowsOf = (collector: Collector, sessionId: string): ReplayRow[] => replayRows(collector).filter((r) => r.resource['rum.sessionId'] === sessionId);
const sessionId = (page: Page): Promise<string> => page.evaluate(() => (window as any).ClickStack.getSessionId());

test("the session's 4 h maximum: recording restarts under the new session with a new full snapshot", async ({ page, collector, consumer, serve }) => {
  test.setTimeout(90_000);
  const server = await site(serve, consumer.packageDir, collector.url, { init: { batch: { scheduledDelayMillis: 200 } } });
  await page.clock.setFixedTime(T0);
  await page.goto(`${server.origin}/`);
  await page.waitForFunction(() => (window as any).ClickStackReplay?.recording === true);
  const first = await sessionId(page);

  // Active all along (a click every 10 minutes is a span, which keeps the session from idling out)...
  let items = 0;
  for (let minutes = 10; minutes < 240; minutes += 10) {
    await page.clock.setFixedTime(T0 + minutes * MINUTE);
    await page.click('#add');
    items++;
  }
  await page.waitForFunction((n) => document.querySelectorAll('#list li').length === n, items);
  expect(await sessionId(page)).toBe(first);
  await page.evaluate(() => (window as any).ClickStackReplay.flush());

  // ...until 4 h after it started: the add-on notices within its one-second check.
  await page.clock.setFixedTime(T0 + 240 * MINUTE);
  const second = await sessionId(page);
  expect(second).toMatch(/^[0-9a-f]{32}$/);
  expect(second).not.toBe(first);
  await collector.waitForSpans((s) => s.some((x) => x.name === 'record init' && x.resource['rum.sessionId'] === second), 10_000);
  await page.click('#add');
  await page.waitForTimeout(300);
  await page.evaluate(() => (window as any).ClickStackReplay.flush());
  await expect.poll(() => rowsOf(collector, second).map((r) => r.body).join('').includes(`added item ${items + 1}`), { timeout: 10_000 }).toBe(true);

  const inits = collector.spans().filter((s) => s.name === 'record init');
  expect(inits.map((s) => s.resource['rum.sessionId'])).toEqual([first, second]);
  // Each session's recording numbers its records from 0 and plays on its own.
  const before = rowsOf(collector, first);
  const after = rowsOf(collector, second);
  expect(before.map((r) => r.attributes['rr-web.offset'])).toEqual(before.map((_, i) => i));
  expect(after.map((r) => r.attributes['rr-web.offset'])).toEqual(after.map((_, i) => i));
  const old = reassemble(before).events;
  const fresh = reassemble(after).events;
  expect(old.some((e) => e.type === 2)).toBe(true);
  expect(JSON.stringify(old)).toContain(`added item ${items} `);
  expect(JSON.stringify(old)).not.toContain(`added item ${items + 1}`);
  // The new session's replay opens with Meta + FullSnapshot showing the page as it was at the rotation.
  expect(fresh.map((e) => e.type).slice(0, 2)).toEqual([4, 2]);
  expect(JSON.stringify(fresh[1])).toContain(`added item ${items} `);
  for (const r of after) expect(r.resource).toMatchObject({ 'session.id': second, 'service.name': 'replay-page' });
});

/** Every replay export the page started, as the transport passed it to `fetch` (logged in localStorage, which outlives the page). */
const LOG_REPLAY_EXPORTS = () => {
  const original = window.fetch;
  window.fetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
    try {
      const body = init?.body;
      const text = body instanceof Uint8Array && String(input).endsWith('/v1/logs') ? new TextDecoder().decode(body) : '';
      if (text.includes('"rum.rr-web"')) {
        const log = JSON.parse(localStorage.getItem('replay-exports') ?? '[]');
        const has = (s: string) => text.includes(s);
        log.push({ bytes: (body as Uint8Array).byteLength, keepalive: init?.keepalive === true, snapshot: has('Replay under test'), item1: has('added item 1'), item2: has('added item 2'), big: has('日本日本') });
        localStorage.setItem('replay-exports', JSON.stringify(log));
      }
    } catch {
      // only a probe
    }
    return original.call(this, input as RequestInfo, init);
  } as typeof fetch;
};

test('page hide: queued replay events leave in keepalive requests, and an event too big for the budget goes alone', async ({ page, collector, consumer, serve }) => {
  const server = await site(serve, consumer.packageDir, collector.url, {
    // A long logs batch delay: until the page goes away, everything waits in the add-on's queue.
    init: { logsBatch: { scheduledDelayMillis: 60_000 } },
    routes: { '/next': (_q: IncomingMessage, res: ServerResponse) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>next</title>next page') },
  });
  await page.addInitScript(LOG_REPLAY_EXPORTS);
  await page.goto(`${server.origin}/`);
  await page.waitForFunction(() => (window as any).ClickStackReplay?.recording === true);
  await page.click('#add');
  // ~50,000 characters, ~150 KB of UTF-8: over the 64 KiB keepalive budget, under the early-export threshold.
  await page.evaluate(() => {
    const big = document.createElement('p');
    big.textContent = '日本'.repeat(25_000);
    document.body.appendChild(big);
  });
  await page.click('#add');
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => localStorage.getItem('replay-exports'))).toBeNull();

  await page.evaluate(() => {
    location.href = '/next';
  });
  await page.waitForURL(`${server.origin}/next`);
  const exports: { bytes: number; keepalive: boolean; snapshot: boolean; item1: boolean; item2: boolean; big: boolean }[] = JSON.parse((await page.evaluate(() => localStorage.getItem('replay-exports'))) ?? '[]');
  test.info().annotations.push({ type: 'page-hide exports', description: JSON.stringify(exports) });
  // The big event went alone, as a normal fetch; what came before and after it went with keepalive.
  const big = exports.filter((e) => e.big);
  expect(big).toHaveLength(1);
  expect(big[0]).toMatchObject({ keepalive: false, snapshot: false, item1: false, item2: false });
  expect(big[0]!.bytes).toBeGreaterThan(64 * 1024);
  for (const key of ['snapshot', 'item1', 'item2'] as const) {
    const carrying = exports.filter((e) => e[key]);
    expect(carrying, key).toHaveLength(1);
    expect(carrying[0]!.keepalive, key).toBe(true);
    expect(carrying[0]!.bytes).toBeLessThanOrEqual(60 * 1024);
  }

  // And they arrived: the player gets the full snapshot and both clicks.
  await expect.poll(() => {
    const all = replayRows(collector).map((r) => r.body).join('');
    return ['Replay under test', 'added item 1', 'added item 2'].every((s) => all.includes(s));
  }, { timeout: 10_000 }).toBe(true);
  expect(collector.errors()).toEqual([]);
});

test('sampling: a session outside sessionSampleRate, or outside the add-on sampleRate, records nothing and sends no record init', async ({ browser, collector, consumer, serve }) => {
  // The session sampler reads the id's first 8 hex digits, the add-on's sampler the next 8 (src/session, platform/browser/replay.ts).
  const sessions = {
    outsideSessionRate: `ffffffff00000000${'a'.repeat(16)}`,
    outsideAddonRate: `00000000ffffffff${'b'.repeat(16)}`,
    inside: `0000000000000000${'c'.repeat(16)}`,
  };
  const server = await site(serve, consumer.packageDir, collector.url, {
    init: { sessionSampleRate: 0.5, batch: { scheduledDelayMillis: 200 } },
    html: (h) => h.replace(ADDON_TAG, ADDON_TAG.replace('data-block-class', 'data-sample-rate="0.5" data-block-class')),
  });
  const open = async (id: string) => {
    const page = await browser.newPage();
    await page.addInitScript((sid) => {
      if (!sessionStorage.getItem('clickstack.session')) sessionStorage.setItem('clickstack.session', `${sid}.${Date.now()}.${Date.now()}`);
    }, id);
    await page.goto(`${server.origin}/`);
    expect(await sessionId(page)).toBe(id);
    await page.click('#name');
    await page.keyboard.type('sampled?');
    await page.click('#add');
    await page.waitForTimeout(1_200);
    const recording = await page.evaluate(() => (window as any).ClickStackReplay.recording);
    await page.evaluate(() => Promise.all([(window as any).ClickStackReplay.flush(), (window as any).ClickStack.forceFlush()]));
    return { page, recording };
  };
  const outSession = await open(sessions.outsideSessionRate);
  const outAddon = await open(sessions.outsideAddonRate);
  const inside = await open(sessions.inside);
  expect([outSession.recording, outAddon.recording, inside.recording]).toEqual([false, false, true]);

  // The sampled session shows the pipeline works in this run...
  await collector.waitForSpans((s) => s.some((x) => x.name === 'record init' && x.resource['rum.sessionId'] === sessions.inside), 10_000);
  await expect.poll(() => rowsOf(collector, sessions.inside).some((r) => r.attributes['rr-web.event'] === 2), { timeout: 10_000 }).toBe(true);
  // ...and the other two sent no replay record and no record init. The one inside sessionSampleRate
  // but outside the add-on's rate still sent its spans: only its replay is sampled out.
  const inits = collector.spans().filter((s) => s.name === 'record init').map((s) => s.resource['rum.sessionId']);
  expect(inits).toEqual([sessions.inside]);
  expect(replayRows(collector).filter((r) => r.resource['rum.sessionId'] !== sessions.inside)).toEqual([]);
  expect(collector.spans().some((s) => s.resource['rum.sessionId'] === sessions.outsideAddonRate)).toBe(true);
  expect(collector.spans().some((s) => s.resource['rum.sessionId'] === sessions.outsideSessionRate)).toBe(false);
  for (const p of [outSession, outAddon, inside]) await p.page.close();
});
