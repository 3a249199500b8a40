import { get } from 'node:http';
import { join } from 'node:path';
import { expect, SpanKind, test, type FlatSpan } from '../../fixtures/test';

/** A fresh connection per request, so the primary's round-robin reaches every worker. */
function getOnNewConnection(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d)).on('end', () => resolve(body));
    }).on('error', reject);
  });
}

const launches: { how: string; nodeArgs: string[]; env: Record<string, string>; runner: boolean }[] = [
  { how: 'NODE_OPTIONS=--import clickstack-otel/register', nodeArgs: [], env: { NODE_OPTIONS: '--import clickstack-otel/register' }, runner: false },
  { how: 'clickstack-instrument', nodeArgs: [], env: {}, runner: true },
];

for (const { how, nodeArgs, env, runner } of launches) {
  test(`node:cluster under ${how}: each of two workers exports with its own process.pid and service.instance.id`, async ({ collector, consumer, startNode }) => {
    const dir = consumer.stage('cluster.mjs');
    const app = startNode({
      script: runner ? join(consumer.dir, 'node_modules', '.bin', 'clickstack-instrument') : join(dir, 'cluster.mjs'),
      scriptArgs: runner ? [join(dir, 'cluster.mjs')] : [],
      nodeArgs,
      env: { ...env, OTEL_SERVICE_NAME: 'clustered', OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '200' },
    });
    const { url, workers, primary } = (await app.ready(20_000)) as { url: string; workers: number[]; primary: number };
    expect(new Set(workers).size).toBe(2);
    expect(workers).not.toContain(primary);

    const served = new Set<string>();
    for (let i = 0; i < 20 && served.size < 2; i++) served.add(await getOnNewConnection(`${url}/req-${i}`));
    expect([...served].map(Number).sort()).toEqual([...workers].sort());

    const serverSpans = (spans: FlatSpan[]) => spans.filter((s) => s.kind === SpanKind.SERVER);
    const spans = await collector.waitForSpans((s) => new Set(serverSpans(s).map((x) => x.resource['process.pid'])).size === 2, 15_000);
    const byPid = new Map<number, FlatSpan>();
    for (const span of serverSpans(spans)) byPid.set(Number(span.resource['process.pid']), span);
    expect([...byPid.keys()].sort()).toEqual([...workers].sort());
    const instanceIds = [...byPid.values()].map((s) => s.resource['service.instance.id']);
    expect(instanceIds.every((id) => typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id as string))).toBe(true);
    expect(new Set(instanceIds).size).toBe(2);
    // A worker's spans are its own: every span of one pid carries that worker's one instance id.
    for (const span of serverSpans(spans)) {
      expect(span.resource['service.instance.id']).toBe(byPid.get(Number(span.resource['process.pid']))!.resource['service.instance.id']);
      expect(span.resource['service.name']).toBe('clustered');
    }
    for (const pid of workers) process.kill(pid, 'SIGTERM');
    expect(await app.waitForExit(10_000)).toEqual({ code: 0, signal: null });
  });
}
