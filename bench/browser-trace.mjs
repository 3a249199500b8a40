/**
 * `node bench/browser-trace.mjs`: the main-thread TASKS of an instrumented fetch. Runs the browser
 * bench's page and fetch loop (./browser.mjs) under a Chromium trace (DevTools timeline categories)
 * and sorts every top-level task of the page's main thread by what it ran: a timer, an observer
 * delivery, a network callback (response, data, finish), a promise job, our export, … Prints, per
 * variant, tasks per fetch and their thread time (CPU, not wall) per fetch by kind.
 *
 *   node bench/browser-trace.mjs [--fetches=300] [--rounds=2] [--variants=none,raw,ours,ours-capture] [--compare=<dist>]
 *
 * Not part of `npm run bench`: it explains the bench's main-thread column, it does not measure it
 * (tracing adds its own overhead to every task).
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/ensure-chromium.mjs';
import { addComparedBrowserBuild, openVariant, startBenchServer } from './browser.mjs';
import { formatNumber, markdownTable } from './lib/stats.mjs';
import { buildBaselines } from './sizes.mjs';

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8.execute', 'blink.user_timing', 'loading'];
/** Trace events that say what a task did, in the order they name it (the first found wins). */
const KINDS = [
  ['TimerFire', 'timer'],
  ['FireIdleCallback', 'idle callback'],
  ['FireAnimationFrame', 'animation frame'],
  ['ResourceReceiveResponse', 'network: response'],
  ['ResourceReceivedData', 'network: data'],
  ['ResourceFinish', 'network: finish'],
  ['ResourceSendRequest', 'network: send'],
  ['EventDispatch', 'event'],
  ['FunctionCall', 'function call'],
  ['RunMicrotasks', 'microtasks'],
  ['v8.run', 'script'],
  ['ParseHTML', 'parse'],
  ['UpdateLayoutTree', 'style'],
  ['Layout', 'layout'],
  ['Paint', 'paint'],
  ['GCEvent', 'gc'],
  ['MinorGC', 'gc'],
  ['MajorGC', 'gc'],
];
const kindOf = new Map(KINDS);

const { values: flags } = parseArgs({
  options: {
    fetches: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '2' },
    variants: { type: 'string', default: 'none,raw,ours,ours-capture' },
    compare: { type: 'string' },
    details: { type: 'boolean', default: false },
  },
});
const fetches = Number(flags.fetches);
const rounds = Number(flags.rounds);
if (flags.compare) addComparedBrowserBuild(path.resolve(flags.compare));
const variants = flags.variants.split(',');
await buildBaselines();

/** Top-level tasks of the main thread of the renderer that sent the most `/api` requests. */
function mainThreadTasks(events) {
  const apiSends = new Map();
  const mainTid = new Map();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') mainTid.set(e.pid, e.tid);
    if (e.name === 'ResourceSendRequest' && /\/api$/.test(e.args?.data?.url ?? '')) apiSends.set(e.pid, (apiSends.get(e.pid) ?? 0) + 1);
  }
  const pid = [...apiSends].sort((a, b) => b[1] - a[1])[0]?.[0];
  const tid = mainTid.get(pid);
  const own = events.filter((e) => e.pid === pid && e.tid === tid && (e.ph === 'X' || e.ph === 'I' || e.ph === 'i')).sort((a, b) => a.ts - b.ts);
  const tasks = [];
  let task;
  for (const e of own) {
    if (e.ph === 'X' && e.name === 'RunTask' && (!task || e.ts >= task.ts + task.dur)) {
      task = { ts: e.ts, dur: e.dur, tdur: e.tdur ?? e.dur, names: [], functions: [], urls: [], children: [] };
      tasks.push(task);
      continue;
    }
    if (!task || e.ts > task.ts + task.dur) continue;
    task.names.push(e.name);
    if (e.ph === 'X') task.children.push(e);
    const data = e.args?.data;
    if (e.name === 'FunctionCall' && data) task.functions.push(`${data.functionName || '(anon)'}@${(data.url ?? '').replace(/^.*\//, '')}:${data.lineNumber ?? ''}`);
    if (e.name.startsWith('Resource') && data?.url) task.urls.push(data.url.replace(/^https?:\/\/[^/]+/, ''));
    if (e.name === 'EventDispatch' && data?.type) task.functions.push(`event:${data.type}`);
  }
  return tasks;
}

/** Self thread time (µs) per event name inside one task, its nested trace events subtracted. */
function selfTimes(task, into) {
  const stack = [{ end: task.ts + task.dur, name: '(task itself)', self: task.tdur }];
  const close = (until) => {
    while (stack.length > 1 && stack[stack.length - 1].end <= until) {
      const done = stack.pop();
      into.set(done.name, (into.get(done.name) ?? 0) + Math.max(0, done.self));
    }
  };
  for (const e of task.children) {
    close(e.ts);
    const t = e.tdur ?? e.dur ?? 0;
    stack[stack.length - 1].self -= t;
    const label = e.name === 'FunctionCall' || e.name === 'v8.callFunction' ? `${e.name}` : e.name;
    stack.push({ end: e.ts + (e.dur ?? 0), name: label, self: t });
  }
  close(Infinity);
  const top = stack[0];
  into.set(top.name, (into.get(top.name) ?? 0) + Math.max(0, top.self));
}

function classify(task) {
  let kind;
  for (const [name, k] of KINDS) if (task.names.includes(name)) {
    kind = k;
    break;
  }
  kind ??= task.names.length ? `other (${[...new Set(task.names)].slice(0, 3).join(',')})` : 'empty (native only)';
  // Which request: the app's API, our export, or the SDK script.
  const url = task.urls[0];
  if (url && kind.startsWith('network')) kind += url === '/api' ? ' /api' : ` ${url}`;
  return kind;
}

const server = await startBenchServer();
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const totals = Object.fromEntries(variants.map((v) => [v, { kinds: new Map(), functions: new Map(), tasks: 0, tdur: 0, fetches: 0 }]));
try {
  for (let round = 0; round < rounds; round++) {
    for (const v of variants) {
      const { context, page, run } = await openVariant(browser, server, v);
      await browser.startTracing(page, { categories: CATEGORIES });
      await run(fetches);
      const buffer = await browser.stopTracing();
      const trace = JSON.parse(buffer.toString('utf8'));
      const tasks = mainThreadTasks(trace.traceEvents ?? trace);
      const t = totals[v];
      for (const task of tasks) {
        const kind = classify(task);
        const k = t.kinds.get(kind) ?? { n: 0, tdur: 0, dur: 0 };
        k.n += 1;
        k.tdur += task.tdur;
        k.dur += task.dur;
        t.kinds.set(kind, k);
        t.tasks += 1;
        t.tdur += task.tdur;
        k.self ??= new Map();
        selfTimes(task, k.self);
        for (const f of new Set(task.functions)) {
          const key = `${kind} · ${f}`;
          const x = t.functions.get(key) ?? { n: 0, tdur: 0 };
          x.n += 1;
          x.tdur += task.tdur;
          t.functions.set(key, x);
        }
      }
      t.fetches += fetches;
      await context.close();
    }
    console.error(`trace: round ${round + 1}/${rounds} done`);
  }
} finally {
  await browser.close();
  await server.close();
}

const allKinds = [...new Set(variants.flatMap((v) => [...totals[v].kinds.keys()]))].sort(
  (a, b) => Math.max(...variants.map((v) => totals[v].kinds.get(b)?.tdur ?? 0)) - Math.max(...variants.map((v) => totals[v].kinds.get(a)?.tdur ?? 0)),
);
const cell = (v, kind) => {
  const k = totals[v].kinds.get(kind);
  if (!k) return '';
  const f = totals[v].fetches;
  return `${formatNumber(k.n / f, 2)} · ${formatNumber(k.tdur / f, 0)} µs`;
};
console.log(`\ntasks per fetch · thread µs per fetch (${rounds} × ${fetches} fetches per variant)\n`);
console.log(
  markdownTable(
    ['task kind', ...variants],
    [
      ['all tasks', ...variants.map((v) => `${formatNumber(totals[v].tasks / totals[v].fetches, 2)} · ${formatNumber(totals[v].tdur / totals[v].fetches, 0)} µs`)],
      ...allKinds.map((kind) => [kind, ...variants.map((v) => cell(v, kind))]),
    ],
    ['l', ...variants.map(() => 'r')],
  ),
);
if (flags.details) {
  for (const v of variants) {
    const t = totals[v];
    console.log(`\n#### ${v}: functions called by tasks\n`);
    for (const [kind, k] of [...t.kinds].sort((a, b) => b[1].tdur - a[1].tdur).slice(0, 6)) {
      const self = [...k.self].sort((a, b) => b[1] - a[1]).slice(0, 12);
      console.log(`${kind}: ` + self.map(([n, us]) => `${n} ${formatNumber(us / t.fetches, 0)}`).join(', '));
    }
    const rows = [...t.functions].sort((a, b) => b[1].n - a[1].n).slice(0, 25);
    console.log(markdownTable(['task · function', 'per fetch', 'µs / fetch'], rows.map(([k, x]) => [k, formatNumber(x.n / t.fetches, 2), formatNumber(x.tdur / t.fetches, 0)]), ['l', 'r', 'r']));
  }
}
