/**
 * Cost per instrumented fetch in headless Chromium, for four page variants served from one
 * loopback origin (page, API and OTLP sink on the same server, so no CORS preflights muddy it):
 *   none          no SDK at all: the cost of the fetch loop itself
 *   raw           raw OpenTelemetry (bench/baselines/raw-otel-browser-traces.mjs, bundled by sizes.mjs)
 *   ours          the shipped IIFE, `ClickStack.init()` with defaults
 *   ours-capture  the same with `advancedNetworkCapture: true`
 * Each run opens a fresh context, starts the SDK, warms up, then makes N sequential POST fetches,
 * waits for the instrumentation's deferred span ends, and flushes — all inside the measured window,
 * because exporting the spans is part of what a fetch costs. Measured per fetch:
 *   JS time        Performance.getMetrics ScriptDuration delta (DevTools protocol)
 *   main thread    TaskDuration delta
 *   renderer CPU   SystemInfo.getProcessInfo cpuTime delta, summed over renderer processes
 *   observers      PerformanceObserver constructions (the init script wraps the constructor)
 * Variants are interleaved over rounds and the medians reported, because this machine is shared.
 */
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { startSink } from './lib/sink.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/ensure-chromium.mjs';
import { OUR_IIFE } from './lib/paths.mjs';
import { addedRatio, formatNumber, formatRatio, markdownTable, median } from './lib/stats.mjs';
import { RAW_BUNDLES } from './sizes.mjs';

export const VARIANTS = ['none', 'raw', 'ours', 'ours-capture'];
/** `--compare=<dist dir>` (bench/run.mjs): that build's script tag, capture off and on, as two more variants. */
let comparedIife;
export function addComparedBrowserBuild(distDir) {
  comparedIife = `${distDir.replace(/\/$/, '')}/browser/clickstack-otel.global.js`;
  VARIANTS.push('base', 'base-capture');
}
const isOurs = (v) => v.startsWith('ours') || v.startsWith('base');
/** Project target: our JS time per fetch at most half of raw OpenTelemetry's. */
export const TARGET_JS_RATIO = 0.5;
/** Issue 16: added main-thread time per fetch, as a share of raw OpenTelemetry's, capture off and on. */
export const TARGET_MAIN_THREAD_RATIO = 0.25;
export const TARGET_CAPTURE_MAIN_THREAD_RATIO = 0.5;
const targetOf = (v) =>
  !isOurs(v)
    ? ''
    : v.endsWith('capture')
      ? `added main-thread ≤ ${TARGET_CAPTURE_MAIN_THREAD_RATIO}× raw`
      : `added JS ≤ ${TARGET_JS_RATIO}×, main-thread ≤ ${TARGET_MAIN_THREAD_RATIO}× raw`;
/** A string that only shows up in exported telemetry if headers or bodies were captured. */
const MARKER = 'cs-bench-capture-probe-5f1e';
/** The fetch instrumentation ends a span up to 300 ms after the response (resource timing wait). */
const SETTLE_MILLIS = 500;
const WARMUP_FETCHES = 20;

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>bench</title>
<script src="/sdk.js"></script></head><body>bench</body></html>`;

/** Runs before any page script: counts PerformanceObserver constructions. */
const COUNT_OBSERVERS = () => {
  const Original = window.PerformanceObserver;
  if (!Original) return;
  let created = 0;
  window.PerformanceObserver = class extends Original {
    constructor(callback) {
      super(callback);
      created += 1;
    }
  };
  Object.defineProperty(window, '__observersCreated', { get: () => created });
};

/**
 * The bench's loopback server: page, SDK script, `POST /api` and the OTLP sink on one origin.
 * `setVariant(v)` picks the script `/sdk.js` serves to the next page; `ourScript` replaces the
 * shipped IIFE (the profile serves a build whose source map matches it).
 */
export async function startBenchServer({ ourScript = OUR_IIFE } = {}) {
  const scripts = { none: '', raw: readFileSync(RAW_BUNDLES.traces.out), ours: readFileSync(ourScript) };
  scripts['ours-capture'] = scripts.ours;
  if (comparedIife) scripts.base = scripts['base-capture'] = readFileSync(comparedIife);
  let variant = 'none';
  const sink = await startSink({
    marker: MARKER,
    routes: {
      '/': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE),
      '/sdk.js': (_req, res) => void res.writeHead(200, { 'content-type': 'text/javascript' }).end(scripts[variant]),
      '/api': (_req, res, body) =>
        void res
          .writeHead(200, { 'content-type': 'application/json', 'x-bench-marker': MARKER })
          .end(`{"ok":true,"bytes":${body.length}}`),
    },
  });
  return Object.assign(sink, { setVariant: (v) => void (variant = v) });
}

/**
 * A fresh context and page for variant `v` with its SDK started and warmed up; `cdp` has the
 * Performance domain on. `run(n)` makes n measured fetches plus the settle and flush and returns
 * the PerformanceObserver constructions so far.
 */
export async function openVariant(browser, server, v) {
  server.setVariant(v);
  const context = await browser.newContext();
  await context.addInitScript(COUNT_OBSERVERS);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  await page.goto(`${server.url}/`);
  await page.evaluate(
    ({ v, url }) => {
      if (v === 'raw') window.__sdk = window.RawOtel.start({ url, service: 'bench-raw' });
      if (v !== 'none' && v !== 'raw') {
        window.__sdk = window.ClickStack;
        window.ClickStack.init({ url, service: 'bench-ours', advancedNetworkCapture: v.endsWith('-capture') });
      }
    },
    { v, url: server.url },
  );
  const run = (n) => page.evaluate(fetchLoop, { n, marker: MARKER, settle: SETTLE_MILLIS });
  await run(WARMUP_FETCHES);
  return { context, page, cdp, run };
}

/** The page's loop: n sequential POST fetches whose bodies the app reads, the settle, the flush. */
const fetchLoop = ({ n, marker, settle }) =>
  (async () => {
    for (let i = 0; i < n; i++) {
      const res = await fetch('/api', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-bench-marker': marker },
        body: JSON.stringify({ marker, i }),
      });
      await res.text();
    }
    await new Promise((r) => setTimeout(r, settle));
    await window.__sdk?.forceFlush();
    return window.__observersCreated ?? NaN;
  })();

/** @param {{ fetches: number, rounds: number, log: (s: string) => void }} options */
export async function runBrowser({ fetches, rounds, log }) {
  const sink = await startBenchServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const chromiumVersion = browser.version();
  const browserCdp = await browser.newBrowserCDPSession();
  /** CPU seconds per renderer process id; empty if the protocol does not offer it. */
  const rendererCpu = async () => {
    try {
      const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo');
      return new Map(processInfo.filter((p) => p.type === 'renderer').map((p) => [p.id, p.cpuTime]));
    } catch {
      return new Map();
    }
  };
  // Closed contexts leave renderers winding down next to the page's own, so the page's renderer
  // is taken to be the one that spent the most CPU during the window.
  const busiestRendererSeconds = (before, after) =>
    after.size ? Math.max(...[...after].map(([pid, t]) => t - (before.get(pid) ?? 0))) : NaN;

  /** @type {Record<string, any[]>} */
  const runs = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  try {
    for (let round = 0; round < rounds; round++) {
      // Rotate the order so no variant always runs first (or right after another one).
      const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]);
      for (const v of order) {
        sink.reset();
        const { context, page, cdp, run } = await openVariant(browser, sink, v);
        const observersBefore = await page.evaluate(() => window.__observersCreated ?? NaN);
        const exportsBefore = sink.stats.exports;
        const before = await metrics(cdp);
        const cpuBefore = await rendererCpu();
        const started = performance.now();
        const observersAfter = await run(fetches);
        const wallMs = performance.now() - started - SETTLE_MILLIS;
        const after = await metrics(cdp);
        const cpuAfter = await rendererCpu();
        runs[v].push({
          scriptMs: ((after.ScriptDuration - before.ScriptDuration) * 1000) / fetches,
          taskMs: ((after.TaskDuration - before.TaskDuration) * 1000) / fetches,
          rendererCpuMs: (busiestRendererSeconds(cpuBefore, cpuAfter) * 1000) / fetches,
          wallMs: wallMs / fetches,
          observers: (observersAfter - observersBefore) / fetches,
          exports: sink.stats.exports - exportsBefore,
          markerSeen: sink.stats.markerSeen,
        });
        await context.close();
      }
      log(`browser: round ${round + 1}/${rounds} done`);
    }
  } finally {
    await browser.close();
    await sink.close();
  }

  const summary = {};
  for (const v of VARIANTS) {
    const pick = (k) => median(runs[v].map((r) => r[k]));
    summary[v] = {
      scriptMs: pick('scriptMs'),
      taskMs: pick('taskMs'),
      rendererCpuMs: pick('rendererCpuMs'),
      wallMs: pick('wallMs'),
      observers: pick('observers'),
      exported: runs[v].every((r) => r.exports > 0),
      markerSeen: runs[v].some((r) => r.markerSeen),
    };
  }
  return { chromium: chromiumVersion, fetches, rounds, warmupFetches: WARMUP_FETCHES, summary, runs, targetJsRatio: TARGET_JS_RATIO };
}

/** Chromium's `Performance.getMetrics` as a name → value object (TaskDuration, ScriptDuration in seconds). */
export async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

export function browserTable(r) {
  const s = r.summary;
  const ms = (x) => formatNumber(x, 3);
  const label = {
    none: 'no SDK',
    raw: 'raw OTel (fetch + XHR instr., BSP, OTLP/JSON)',
    ours: 'ours, capture off',
    'ours-capture': `ours, capture on${s['ours-capture'].markerSeen ? '' : ' (no-op in this build: nothing captured)'}`,
    base: 'ours from the compared build, capture off',
    'base-capture': 'ours from the compared build, capture on',
  };
  const rows = VARIANTS.map((v) => {
    const x = s[v];
    return [
      label[v] + (v !== 'none' && !x.exported ? ' ⚠ no export reached the sink' : ''),
      ms(x.scriptMs),
      ms(x.taskMs),
      ms(x.rendererCpuMs),
      formatNumber(x.observers, 2),
      v === 'none' ? '' : formatRatio(addedRatio(x.scriptMs, s.raw.scriptMs, s.none.scriptMs)),
      v === 'none' ? '' : formatRatio(addedRatio(x.taskMs, s.raw.taskMs, s.none.taskMs)),
      v === 'none' ? '' : formatRatio(addedRatio(x.rendererCpuMs, s.raw.rendererCpuMs, s.none.rendererCpuMs)),
      targetOf(v),
    ];
  });
  return markdownTable(
    [
      `per fetch (median of ${r.rounds} × ${r.fetches})`,
      'JS ms',
      'main-thread ms',
      'renderer CPU ms',
      'PerformanceObservers',
      'added JS ÷ raw',
      'added main-thread ÷ raw',
      'added renderer CPU ÷ raw',
      'target',
    ],
    rows,
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
  );
}
