/**
 * The OpenTelemetry limit variables, in a Node app on the packed tarball: the general value length
 * limit for spans and their events, a span count limit, and log record limits that beat the
 * general one (the specific variable wins). What the receiver gets is what the limits left.
 */
import { expect, test } from '../../fixtures/test';

/** Attributes of every log record in the receiver's decoded export requests. */
function logRecords(requests: any[]): { body: string; attributes: Record<string, unknown> }[] {
  return requests.flatMap((req) =>
    (req.resourceLogs ?? []).flatMap((rl: any) =>
      (rl.scopeLogs ?? []).flatMap((sl: any) =>
        (sl.logRecords ?? []).map((r: any) => ({
          body: r.body?.stringValue,
          attributes: Object.fromEntries((r.attributes ?? []).map((a: any) => [a.key, a.value.stringValue ?? Number(a.value.intValue)])),
        })),
      ),
    ),
  );
}

test('OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT, OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT and OTEL_LOGRECORD_ATTRIBUTE_* shape what is exported', async ({ collector, consumer, startNode }) => {
  const dir = consumer.stage('app.mjs');
  const app = startNode({
    script: `${dir}/app.mjs`,
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '16',
      OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '5',
      OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT: '8',
      OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT: '2',
    },
  });
  expect(await app.waitForExit(15_000)).toEqual({ code: 0, signal: null });
  expect(app.stdout()).toBe('done\n');
  // sdk-logs (the Node log pipeline) says so once, de-duplicated; nothing else is printed.
  expect(app.output().split('\n').filter((l) => l.includes('[clickstack-otel]'))).toEqual(['[clickstack-otel] Dropping extra attributes.']);

  const busy = collector.spans().find((s) => s.name === 'busy')!;
  // The first five attributes set are kept; strings are cut to 16, inside arrays too.
  expect(busy.attributes).toEqual({ long: 'x'.repeat(16), list: ['y'.repeat(16), 'short'], k0: 0, k1: 1, k2: 2 });
  expect(busy.events.map((e) => e.attributes)).toEqual([{ detail: 'z'.repeat(16) }]);

  const [record] = logRecords(collector.logs()).filter((r) => r.body?.startsWith('b'));
  // The body is never cut; the log record's own limits beat the general length limit.
  expect(record).toEqual({ body: 'b'.repeat(100), attributes: { long: 'l'.repeat(8), a1: 1 } });
});
