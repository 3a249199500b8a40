/**
 * A mutation storm (storm.html: an "animation" changing the DOM 1,000 times a second) with and
 * without the replay add-on, in the same test on the same machine: the page stays responsive, the
 * recorder pauses after two stormy seconds (src/replay/mutation-storm) so the stream stays bounded,
 * and once the storm is over it resumes with a full snapshot the player can start from.
 * Timings on this shared 2-core machine are noisy, so the bounds are wide: they catch a frozen or
 * unthrottled page, not a few percent. The bench (`npm run bench -- --only=replay`) measures the cost.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../../fixtures/test';
import { reassemble, replayRows, site } from './replay-helpers';

const STORM_PER_SECOND = 1_000;
const STORM_MILLIS = 8_000;
const ADDON_TAG = '<script src="/vendor/clickstack-otel-replay.global.js"></script>';

interface StormRun {
  changes: number;
  probe: { ticks: number; p95LateMs: number; maxLateMs: number; longTaskMs: number };
  /** Main-thread time during the storm (DevTools `TaskDuration`), ms. */
  mainThreadMs: number;
  /** [ms since the storm started, ClickStackReplay.recording] every 100 ms. */
  recording: [number, boolean][];
}

async function storm(page: Page): Promise<StormRun> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')!.value;
  const before = await taskSeconds();
  const run = await page.evaluate(
    async ({ perSecond, millis }) => {
      const w = window as any;
      const recording: [number, boolean][] = [];
      const t0 = performance.now();
      const sampler = setInterval(() => recording.push([Math.round(performance.now() - t0), w.ClickStackReplay?.recording === true]), 100);
      const stop = w.startStorm(perSecond);
      const probe = await w.probe(millis);
      const changes = stop();
      clearInterval(sampler);
      return { probe, changes, recording };
    },
    { perSecond: STORM_PER_SECOND, millis: STORM_MILLIS },
  );
  const mainThreadMs = ((await taskSeconds()) - before) * 1000;
  await cdp.detach();
  return { ...run, mainThreadMs };
}

test('a mutation storm: the page stays responsive, the recorder pauses and resumes with a full snapshot, the stream stays bounded and decodes', async ({ page, browser, collector, consumer, serve }) => {
  test.setTimeout(90_000);
  // Without the add-on first: the same page, SDK and storm.
  const bare = await site(serve, consumer.packageDir, collector.url, { page: 'storm.html', html: (h) => h.replace(ADDON_TAG, '') });
  const baselinePage = await browser.newPage();
  await baselinePage.goto(`${bare.origin}/`);
  await baselinePage.waitForFunction(() => (window as any).ClickStack?.getSessionId());
  const baseline = await storm(baselinePage);
  expect(await baselinePage.evaluate(() => (window as any).ClickStackReplay)).toBeUndefined();
  await baselinePage.close();

  const server = await site(serve, consumer.packageDir, collector.url, { page: 'storm.html', init: { debug: true } });
  const messages: string[] = [];
  page.on('console', (m) => messages.push(m.text()));
  page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
  await page.goto(`${server.origin}/`);
  await page.waitForFunction(() => (window as any).ClickStackReplay?.recording === true);
  const replay = await storm(page);
  // Over: the next calm second resumes the recording (the add-on checks once a second).
  await page.waitForFunction(() => (window as any).ClickStackReplay.recording === true, undefined, { timeout: 10_000 });
  await page.evaluate(() => (window as any).ClickStackReplay.flush());
  const numbers = ({ recording: _, ...rest }: StormRun) => rest;
  test.info().annotations.push({ type: 'storm', description: JSON.stringify({ baseline: numbers(baseline), replay: numbers(replay) }) });

  // Responsive: the probe's 10 ms timer kept ticking and nothing froze; the main thread did not
  // work much more than without replay (before the pause rrweb serializes every change).
  expect(replay.changes).toBeGreaterThan(STORM_PER_SECOND * (STORM_MILLIS / 1000) * 0.9);
  expect(replay.probe.ticks).toBeGreaterThan(baseline.probe.ticks * 0.5);
  expect(replay.probe.maxLateMs).toBeLessThan(baseline.probe.maxLateMs + 1_000);
  expect(replay.mainThreadMs).toBeLessThan(baseline.mainThreadMs * 2);

  // Paused during the storm, after about two seconds of it, and not for good.
  const pausedAt = replay.recording.find(([, on]) => !on)?.[0];
  expect(pausedAt, JSON.stringify(replay.recording)).toBeDefined();
  expect(pausedAt!).toBeLessThan(5_000);
  expect(replay.recording.filter(([t]) => t > pausedAt! + 200 && t < STORM_MILLIS - 200).every(([, on]) => !on)).toBe(true);
  const ours = messages.filter((m) => m.includes('session replay:'));
  expect(ours.some((m) => /paused: the page made \d+ DOM changes a second for 2 s \(limit 500\); recording resumes with a new full snapshot/.test(m)), ours.join('\n')).toBe(true);
  expect(ours.some((m) => m.includes('resumed with a new full snapshot (the page calmed down)'))).toBe(true);
  expect(messages.filter((m) => m.startsWith('pageerror'))).toEqual([]);

  await expect.poll(() => replayRows(collector).map((r) => r.body).join('').includes('storm over after'), { timeout: 15_000 }).toBe(true);
  const rows = replayRows(collector);
  // Every record arrived once, in order, and every event decodes.
  expect(rows.map((r) => r.attributes['rr-web.offset'])).toEqual(rows.map((_, i) => i));
  const { events } = reassemble(rows);
  const pauses = events.filter((e) => e.type === 5 && e.data?.tag === 'clickstack-otel.replay-paused');
  expect(pauses).toHaveLength(1);
  expect(pauses[0]!.data.payload).toMatchObject({ reason: 'mutation-storm', limit: 500, retryInSeconds: 30 });
  expect(pauses[0]!.data.payload.mutationsPerSecond).toBeGreaterThan(500);
  // After the marker: no mutation until the resume, which starts again from Meta + FullSnapshot
  // showing the page as the storm left it.
  const at = events.indexOf(pauses[0]!);
  const after = events.slice(at + 1);
  expect(after.map((e) => e.type).slice(0, 2)).toEqual([4, 2]);
  expect(JSON.stringify(after[1])).toContain(`storm over after ${replay.changes} changes`);
  // Bounded: what was recorded of the storm is the two seconds or so before the pause, not all of it.
  const mutations = events.filter((e) => e.type === 3 && e.data?.source === 0);
  const recorded = mutations.reduce((n, e) => n + ['adds', 'removes', 'texts', 'attributes'].reduce((k, key) => k + (e.data[key]?.length ?? 0), 0), 0);
  expect(recorded).toBeGreaterThan(STORM_PER_SECOND);
  expect(recorded).toBeLessThan(replay.changes * 0.5);
  expect(collector.errors()).toEqual([]);
});
