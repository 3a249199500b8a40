import { join } from 'node:path';
import { expect, find, SpanKind, test } from '../../fixtures/test';

/** Through the symlink npm creates for package.json "bin", as `npx clickstack-instrument` runs it. */
const bin = (consumerDir: string) => join(consumerDir, 'node_modules', '.bin', 'clickstack-instrument');

for (const script of ['server.mjs', 'server.cjs']) {
  test(`clickstack-instrument ${script}: arguments, pid and signals are the app's own; spans are exported`, async ({ collector, consumer, startNode }) => {
    const dir = consumer.stage(script);
    const args = ['--port', 'ignored', 'two words', '--'];
    const app = startNode({
      script: bin(consumer.dir),
      nodeArgs: [],
      env: { OTEL_SERVICE_NAME: `runner-${script}`, OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '600000' },
      cwd: dir,
      // relative app path, resolved against the working directory like `node server.mjs`
      scriptArgs: [script, ...args],
    });
    const ready = await app.ready();
    expect(ready.argv).toEqual(args);
    expect(ready.pid, 'no wrapper process: the app runs in the process that was started').toBe(app.pid);
    expect(await (await fetch(`${ready.url}/hello`)).text()).toBe(`${script.slice(-3)} /hello`);

    process.kill(app.pid, 'SIGTERM');
    expect(await app.waitForExit(5_000)).toEqual({ code: null, signal: 'SIGTERM' });
    const span = find.serverPath(collector.spans(), '/hello');
    expect(span).toBeDefined();
    expect(span!.kind).toBe(SpanKind.SERVER);
    expect(span!.resource['service.name']).toBe(`runner-${script}`);
    expect(app.output()).toBe(app.stdout()); // nothing on stderr: no banner, no warnings
  });
}

test('clickstack-instrument keeps the exit status of a one-shot script and flushes its spans', async ({ collector, consumer, startNode, serve }) => {
  const target = await serve({});
  const dir = consumer.stage('exit-code.cjs');
  const script = startNode({
    script: bin(consumer.dir),
    scriptArgs: [join(dir, 'exit-code.cjs'), '3'],
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '600000', TARGET_URL: `${target.origin}/api/runner` },
  });
  expect(await script.waitForExit(10_000)).toEqual({ code: 3, signal: null });
  expect(find.urlEndsWith(collector.spans(), '/api/runner', SpanKind.CLIENT)).toBeDefined();
});

test('clickstack-instrument without an app prints its usage and exits with status 2', async ({ consumer, startNode }) => {
  const run = startNode({ script: bin(consumer.dir) });
  expect(await run.waitForExit(10_000)).toEqual({ code: 2, signal: null });
  expect(run.stderr()).toContain('Usage: clickstack-instrument <app');
});
