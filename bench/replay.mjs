/**
 * What the session-replay add-on costs the page's main thread, in headless Chromium: the same page
 * with the SDK alone and with the SDK plus `dist/browser/clickstack-otel-replay.global.js`, in two
 * scenarios, served with the e2e case's own pages (e2e/cases/replay) from one loopback origin that
 * is also the OTLP sink:
 *   storm        storm.html: an "animation" changing the DOM 1,000 times a second (text, style
 *                and an attribute of 200 cells in turn) for the whole window. The add-on records
 *                the first seconds, then pauses until the storm ends (src/replay/mutation-storm);
 *                the second half of the window shows that steady state.
 *   interactive  page.html: a person's pace of work, driven by real input events: mouse moves,
 *                a click that adds a list item, a few keys typed into a (masked) field, repeated.
 * Measured over the window: main-thread time (`Performance.getMetrics` TaskDuration, thread
 * ticks), JS time (ScriptDuration) and the bytes exported to the sink (replay records, spans).
 * Variants alternate within each round, and medians are reported, because this machine is shared.
 */
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { compressedSizes } from '../rollup-size-report/compressed-size.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/ensure-chromium.mjs';
import { metrics } from './browser.mjs';
import { ROOT } from './lib/paths.mjs';
import { startSink } from './lib/sink.mjs';
import { formatDelta, formatNumber, formatRatio, markdownTable, median, ratio } from './lib/stats.mjs';

export const REPLAY_ADDON = `${ROOT}dist/browser/clickstack-otel-replay.global.js`;
const SDK = `${ROOT}dist/browser/clickstack-otel.global.js`;
const PAGES = `${ROOT}e2e/cases/replay/`;
export const REPLAY_VARIANTS = ['sdk', 'replay'];
const STORM_PER_SECOND = 1_000;
const INTERACTIONS = 30;
/** Time for the recorder's full snapshot and the SDK's page-load spans before a window opens. */
const SETTLE_MILLIS = 1_000;

/** `<script src="/vendor/clickstack-otel-replay.global.js" …>` in either page. */
const ADDON_TAG = /<script src="\/vendor\/clickstack-otel-replay\.global\.js"[^>]*><\/script>/;

/** @param {{ rounds: number, stormSeconds: number, log: (s: string) => void }} options */
export async function runReplay({ rounds, stormSeconds, log }) {
  const files = { sdk: readFileSync(SDK), addon: readFileSync(REPLAY_ADDON) };
  const pages = { storm: readFileSync(`${PAGES}storm.html`, 'utf8'), interactive: readFileSync(`${PAGES}page.html`, 'utf8') };
  let html = '';
  const js = (body) => (_req, res) => void res.writeHead(200, { 'content-type': 'text/javascript' }).end(body);
  const sink = await startSink({
    routes: {
      '/': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(html),
      '/vendor/clickstack-otel.global.js': js(files.sdk),
      '/vendor/clickstack-otel-replay.global.js': js(files.addon),
      '/init.js': js(`ClickStack.init({ url: location.origin, service: 'bench-replay' });`),
    },
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  /** @type {Record<string, Record<string, any[]>>} */
  const runs = { storm: { sdk: [], replay: [] }, interactive: { sdk: [], replay: [] } };
  try {
    for (let round = 0; round < rounds; round++) {
      for (const scenario of ['storm', 'interactive']) {
        const order = round % 2 ? [...REPLAY_VARIANTS].reverse() : REPLAY_VARIANTS;
        for (const variant of order) {
          html = variant === 'replay' ? pages[scenario] : pages[scenario].replace(ADDON_TAG, '');
          const context = await browser.newContext();
          const page = await context.newPage();
          const cdp = await context.newCDPSession(page);
          await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
          await page.goto(`${sink.url}/`);
          await page.waitForFunction((v) => !!window.ClickStack?.getSessionId() && (v !== 'replay' || window.ClickStackReplay?.recording === true), variant);
          await page.waitForTimeout(SETTLE_MILLIS);
          const sample = async () => ({ ...(await metrics(cdp)), bytes: sink.stats.bytes, at: performance.now() });
          const start = await sample();
          let mid;
          if (scenario === 'storm') {
            await page.evaluate((n) => (window.stopStorm = window.startStorm(n)), STORM_PER_SECOND);
            await page.waitForTimeout((stormSeconds * 1000) / 2);
            mid = await sample();
            await page.waitForTimeout((stormSeconds * 1000) / 2);
          } else {
            await interact(page);
          }
          const end = await sample();
          if (scenario === 'storm') await page.evaluate(() => window.stopStorm());
          // What was exported during the window includes what the window queued: flush it in.
          await page.evaluate(() => Promise.all([window.ClickStackReplay?.flush(), window.ClickStack.forceFlush()]));
          const flushedBytes = sink.stats.bytes;
          const seconds = (end.at - start.at) / 1000;
          const perSecond = (a, b, key) => ((b[key] - a[key]) * 1000) / ((b.at - a.at) / 1000);
          runs[scenario][variant].push({
            seconds,
            taskMsPerSecond: perSecond(start, end, 'TaskDuration'),
            scriptMsPerSecond: perSecond(start, end, 'ScriptDuration'),
            exportedKBPerSecond: (flushedBytes - start.bytes) / 1024 / seconds,
            ...(mid && { laterTaskMsPerSecond: perSecond(mid, end, 'TaskDuration') }),
            ...(scenario === 'interactive' && { taskMsPerInteraction: ((end.TaskDuration - start.TaskDuration) * 1000) / INTERACTIONS }),
          });
          await context.close();
        }
      }
      log(`replay: round ${round + 1}/${rounds} done`);
    }
  } finally {
    await browser.close();
    await sink.close();
  }
  const summary = {};
  for (const [scenario, byVariant] of Object.entries(runs)) {
    summary[scenario] = {};
    for (const [variant, list] of Object.entries(byVariant)) {
      const keys = Object.keys(list[0] ?? {});
      summary[scenario][variant] = Object.fromEntries(keys.map((k) => [k, median(list.map((r) => r[k]))]));
    }
  }
  return { rounds, stormSeconds, stormPerSecond: STORM_PER_SECOND, interactions: INTERACTIONS, addonSize: compressedSizes(REPLAY_ADDON), summary, runs };
}

/** A person's pace: move, click "add item", type three keys into the name field; INTERACTIONS times. */
async function interact(page) {
  for (let i = 0; i < INTERACTIONS; i++) {
    await page.mouse.move(40 + (i % 10) * 20, 60 + (i % 7) * 15, { steps: 5 });
    await page.click('#add');
    await page.click('#name');
    await page.keyboard.type('abc', { delay: 20 });
    await page.waitForTimeout(50);
  }
}

export function replayTable(r) {
  const s = r.summary;
  const ms = (x) => formatNumber(x, 1);
  const row = (label, scenario, key) => {
    const without = s[scenario].sdk[key];
    const withReplay = s[scenario].replay[key];
    return [label, ms(without), ms(withReplay), formatRatio(ratio(withReplay, without)), formatDelta(withReplay - without, 'ms')];
  };
  const kb = (scenario) => `${formatNumber(s[scenario].sdk.exportedKBPerSecond, 1)} → ${formatNumber(s[scenario].replay.exportedKBPerSecond, 1)}`;
  const table = markdownTable(
    [`main-thread ms per second (median of ${r.rounds})`, 'SDK alone', 'SDK + replay', 'with ÷ without', 'added', 'exported KB/s (alone → with)'],
    [
      [...row(`mutation storm (${formatNumber(r.stormPerSecond)} DOM changes/s), whole ${r.stormSeconds} s`, 'storm', 'taskMsPerSecond'), kb('storm')],
      [...row(`mutation storm, its second half (recorder paused)`, 'storm', 'laterTaskMsPerSecond'), ''],
      [...row(`interactive page (${r.interactions} × move, click, type 3 keys)`, 'interactive', 'taskMsPerSecond'), kb('interactive')],
      [...row('interactive page, main-thread ms per interaction', 'interactive', 'taskMsPerInteraction'), ''],
    ],
    ['l', 'r', 'r', 'r', 'r', 'r'],
  );
  const a = r.addonSize;
  return `${table}\n\nThe add-on, \`dist/browser/clickstack-otel-replay.global.js\`: ${formatNumber(a.min)} B min, ${formatNumber(a.gzip)} gzip, ${formatNumber(a.brotli)} brotli.`;
}
