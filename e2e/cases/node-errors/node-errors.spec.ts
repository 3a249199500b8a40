import { expect, test } from '../../fixtures/test';

interface FlatLog {
  severityText: string;
  body: string;
  traceId: string;
  spanId: string;
  scope: string;
  attributes: Record<string, string | number | boolean>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function flatten(requests: any[]): FlatLog[] {
  const rows: FlatLog[] = [];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const attrs = (list: any[] | undefined) =>
    Object.fromEntries((list ?? []).map((a) => [a.key, a.value.stringValue ?? a.value.boolValue ?? Number(a.value.intValue ?? a.value.doubleValue)]));
  for (const req of requests) {
    for (const rl of req.resourceLogs ?? []) {
      for (const sl of rl.scopeLogs ?? []) {
        for (const r of sl.logRecords ?? []) {
          rows.push({ severityText: r.severityText, body: r.body?.stringValue, traceId: r.traceId ?? '', spanId: r.spanId ?? '', scope: sl.scope?.name ?? '', attributes: attrs(r.attributes) });
        }
      }
    }
  }
  return rows;
}

/** Node's warnings name the process id, which differs between the two runs. */
const samePid = (text: string) => text.replace(/\(node:\d+\)/g, '(node:PID)');

const cases = [
  { mode: 'throw', nodeArgs: [], code: 1, type: 'RangeError', message: 'uncaught in a timer (throw)', source: 'uncaughtException' },
  { mode: 'reject', nodeArgs: [], code: 1, type: 'TypeError', message: 'nobody handles this rejection', source: 'unhandledRejection' },
  { mode: 'reject', nodeArgs: ['--unhandled-rejections=strict'], code: 1, type: 'TypeError', message: 'nobody handles this rejection', source: 'unhandledRejection' },
  { mode: 'reject', nodeArgs: ['--unhandled-rejections=warn'], code: 0, type: 'TypeError', message: 'nobody handles this rejection', source: 'unhandledRejection' },
  { mode: 'reject', nodeArgs: ['--unhandled-rejections=warn-with-error-code'], code: 1, type: 'TypeError', message: 'nobody handles this rejection', source: 'unhandledRejection' },
] as const;

for (const c of cases) {
  test(`${c.mode} ${c.nodeArgs.join(' ') || '(default)'}: the exception and everything queued arrive before exit; exit code ${c.code} and stderr unchanged`, async ({ collector, consumer, startNode }) => {
    const dir = consumer.stage('app.mjs');
    const env = { OTEL_SERVICE_NAME: 'node-errors', OTEL_EXPORTER_OTLP_ENDPOINT: collector.url };
    const run = (extra: Record<string, string>) => startNode({ script: `${dir}/app.mjs`, scriptArgs: [c.mode], nodeArgs: [...c.nodeArgs], env: { ...env, ...extra } });

    const bare = run({ NO_SDK: '1' });
    const bareExit = await bare.waitForExit(15_000);
    const app = run({});
    const appExit = await app.waitForExit(15_000);

    expect(bareExit).toEqual({ code: c.code, signal: null });
    expect(appExit, 'exit status unchanged').toEqual(bareExit);
    expect(samePid(app.stderr()), 'stderr byte-identical with and without the SDK (but the pid)').toBe(samePid(bare.stderr()));
    expect(app.stdout()).toBe(bare.stdout());
    if (c.code === 1 && !c.nodeArgs.length) expect(app.stderr()).toContain(`${c.type}: ${c.message}`);

    // Nothing is waited for after exit: what the collector holds now arrived before the process died.
    const records = flatten(collector.logs());
    const job = collector.spans().find((s) => s.name === 'job');
    expect(job, 'the span queued before the crash was delivered').toBeDefined();
    const exception = records.find((r) => r.attributes['clickstack.exception.source'] === c.source);
    expect(exception).toMatchObject({
      severityText: 'ERROR',
      scope: 'clickstack-otel/exceptions',
      body: `${c.type}: ${c.message}`,
      attributes: { 'exception.type': c.type, 'exception.message': c.message },
    });
    expect(String(exception!.attributes['exception.stacktrace'])).toContain('app.mjs');
    // Outside any span the crash gets an ERROR span of its own (what HyperDX shows as an exception), delivered before exit too.
    const own = collector.spans().find((s) => s.attributes['clickstack.exception.source'] === c.source);
    expect(own, 'the crash span was delivered before exit').toMatchObject({
      name: c.type,
      status: { code: 2 },
      attributes: { component: 'error', 'error.message': c.message },
    });
    expect(own!.events.map((e) => [e.name, e.attributes['exception.type']])).toEqual([['exception', c.type]]);
    expect(exception).toMatchObject({ traceId: own!.traceId, spanId: own!.spanId });
    // Queued records from before the crash, correlated with the span they were made in.
    const logLine = records.find((r) => r.body === 'job started for ada');
    expect(logLine).toMatchObject({ traceId: job!.traceId, spanId: job!.spanId });
    expect(records.find((r) => r.body === 'Error: recorded by the app')).toMatchObject({ traceId: job!.traceId, spanId: job!.spanId, attributes: { 'job.id': 7 } });
    expect(job!.events.map((e) => e.attributes['exception.message'])).toEqual(['recorded by the app']);
    expect(records.filter((r) => r.scope === 'clickstack-otel/exceptions')).toHaveLength(2);
  });
}

test('an app with its own uncaughtException handler keeps running; the exception is recorded; OTEL_LOG_LEVEL diagnostics stay out of the logs', async ({ collector, consumer, startNode }) => {
  const dir = consumer.stage('app.mjs');
  const app = startNode({
    script: `${dir}/app.mjs`,
    scriptArgs: ['handled'],
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_LOG_LEVEL: 'debug' },
  });
  expect(await app.waitForExit(15_000)).toEqual({ code: 0, signal: null });
  expect(app.stdout()).toContain('app handler caught: uncaught in a timer (handled)\n');
  expect(app.stdout()).toContain('still alive\n');
  const records = flatten(collector.logs());
  expect(records.find((r) => r.attributes['clickstack.exception.source'] === 'uncaughtException')).toMatchObject({
    body: 'RangeError: uncaught in a timer (handled)',
  });
  // The app's own console output is captured; the SDK's diagnostics (printed, with the prefix) are not.
  expect(records.map((r) => r.body)).toEqual(expect.arrayContaining(['app handler caught: uncaught in a timer (handled)', 'still alive']));
  expect(app.output()).toContain('[clickstack-otel]');
  expect(records.filter((r) => r.body.includes('[clickstack-otel]'))).toEqual([]);
});

test('control: with HYPERDX_ERROR_CAPTURE=false the crash loses what was queued (what the capture saves)', async ({ collector, consumer, startNode }) => {
  const dir = consumer.stage('app.mjs');
  const app = startNode({ script: `${dir}/app.mjs`, scriptArgs: ['throw'], env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, HYPERDX_ERROR_CAPTURE: 'false' } });
  expect(await app.waitForExit(15_000)).toEqual({ code: 1, signal: null });
  expect(collector.spans()).toEqual([]);
  expect(collector.logs()).toEqual([]);
});

for (const how of ['--import flag', 'NODE_OPTIONS'] as const) {
  test(`under the preload (${how}) a crash still delivers before exit, with the bare run's exit code and stderr`, async ({ collector, consumer, startNode }) => {
    const dir = consumer.stage('app.mjs');
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, NO_SDK: '1' }; // the preload starts the SDK, not the script
    const bare = startNode({ script: `${dir}/app.mjs`, scriptArgs: ['throw'], env });
    const bareExit = await bare.waitForExit(15_000);
    const app =
      how === 'NODE_OPTIONS'
        ? startNode({ script: `${dir}/app.mjs`, scriptArgs: ['throw'], env: { ...env, NODE_OPTIONS: '--import clickstack-otel/register' } })
        : startNode({ script: `${dir}/app.mjs`, scriptArgs: ['throw'], nodeArgs: ['--import', 'clickstack-otel/register'], env });
    expect(await app.waitForExit(15_000)).toEqual(bareExit);
    expect(bareExit.code).toBe(1);
    expect(app.stderr()).toBe(bare.stderr());
    expect(collector.spans().map((s) => s.name)).toContain('job');
    const records = flatten(collector.logs());
    expect(records.find((r) => r.attributes['clickstack.exception.source'] === 'uncaughtException')).toMatchObject({ body: 'RangeError: uncaught in a timer (throw)' });
  });
}
