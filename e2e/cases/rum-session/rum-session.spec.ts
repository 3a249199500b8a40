import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, find, test, type Collector } from '../../fixtures/test';

const MINUTE = 60_000;
const T0 = new Date('2026-11-25T09:00:00Z').getTime();

/** Loads the page at the clock's current time, starts the SDK, sends one fetch and flushes. */
async function visit(page: Page, url: string, collector: Collector, path: string): Promise<string> {
  await page.goto(url);
  return page.evaluate(
    async ({ collectorUrl, path }) => {
      const cs = (window as any).ClickStack;
      cs.init({ service: 'rum-session', url: collectorUrl, batch: { scheduledDelayMillis: 100 } });
      await (await fetch(path)).text();
      await cs.forceFlush();
      return cs.getSessionId();
    },
    { collectorUrl: collector.url, path },
  );
}

test('the session id persists across reloads in the tab and rotates after 15 min idle (controlled clock)', async ({ page, collector, consumer, serve }) => {
  const site = await serve({
    files: { '/': join(import.meta.dirname, 'page.html') },
    dirs: { '/vendor/': join(consumer.packageDir, 'dist', 'browser') },
  });
  await page.clock.setFixedTime(T0);
  const first = await visit(page, `${site.origin}/`, collector, '/api/first');
  expect(first).toMatch(/^[0-9a-f]{32}$/);

  await page.clock.setFixedTime(T0 + 10 * MINUTE);
  const reloaded = await visit(page, `${site.origin}/`, collector, '/api/after-reload');
  expect(reloaded).toBe(first);

  // 15 minutes after the last activity (the fetch at +10 min) the next load starts a new session.
  await page.clock.setFixedTime(T0 + 25 * MINUTE);
  const rotated = await visit(page, `${site.origin}/`, collector, '/api/after-idle');
  expect(rotated).toMatch(/^[0-9a-f]{32}$/);
  expect(rotated).not.toBe(first);

  // Idle within one page load rotates too, and a fresh tab has its own session (sessionStorage).
  await page.clock.setFixedTime(T0 + 41 * MINUTE);
  const inPage = await page.evaluate(() => (window as any).ClickStack.getSessionId());
  expect([first, rotated]).not.toContain(inPage);
  const otherTab = await page.context().newPage();
  const other = await visit(otherTab, `${site.origin}/`, collector, '/api/other-tab');
  expect([first, rotated, inPage]).not.toContain(other);

  const spans = await collector.waitForSpans((s) => ['/api/first', '/api/after-reload', '/api/after-idle', '/api/other-tab'].every((p) => find.urlEndsWith(s, p)));
  const sessionOf = (p: string) => find.urlEndsWith(spans, p)!.resource;
  expect(sessionOf('/api/first')).toMatchObject({ 'session.id': first, 'rum.sessionId': first });
  expect(sessionOf('/api/after-reload')).toMatchObject({ 'session.id': first, 'rum.sessionId': first });
  expect(sessionOf('/api/after-idle')).toMatchObject({ 'session.id': rotated, 'rum.sessionId': rotated });
  expect(sessionOf('/api/other-tab')['session.id']).toBe(other);
});

test('sessionSampleRate 0 records nothing; global attributes reach every span', async ({ page, collector, consumer, serve }) => {
  const site = await serve({
    files: { '/': join(import.meta.dirname, 'page.html') },
    dirs: { '/vendor/': join(consumer.packageDir, 'dist', 'browser') },
  });
  await page.goto(`${site.origin}/`);
  await page.evaluate(async (url) => {
    const cs = (window as any).ClickStack;
    cs.init({ service: 'rum-sampled-out', url, sessionSampleRate: 0, batch: { scheduledDelayMillis: 100 } });
    await (await fetch('/api/sampled-out')).text();
    await cs.forceFlush();
    await cs.shutdown();
    cs.setGlobalAttributes({ 'user.id': 'u-7', plan: 'pro' });
    cs.init({ service: 'rum-sampled-in', url, batch: { scheduledDelayMillis: 100 } });
    cs.setGlobalAttributes({ plan: null });
    await (await fetch('/api/sampled-in')).text();
    await cs.forceFlush();
  }, collector.url);
  const spans = await collector.waitForSpans((s) => !!find.urlEndsWith(s, '/api/sampled-in'));
  expect(find.urlEndsWith(spans, '/api/sampled-out')).toBeUndefined();
  const span = find.urlEndsWith(spans, '/api/sampled-in')!;
  expect(span.attributes['user.id']).toBe('u-7');
  expect(span.attributes.plan).toBeUndefined();
});
