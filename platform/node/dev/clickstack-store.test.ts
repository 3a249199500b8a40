import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openClickStackStore, type ClickStackStore } from './clickstack-store';
import { CLICKSTACK_TABLES } from './clickstack-schema';

const hasChdb = (() => {
  try {
    createRequire(import.meta.url).resolve('chdb');
    return true;
  } catch {
    return false;
  }
})();

// chdb is a devDependency (npm ci installs it); without it this says so instead of failing.
describe.skipIf(!hasChdb)('ClickStack store on chdb', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clickstack-store-'));
  let store: ClickStackStore | undefined;
  afterAll(() => {
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("creates ClickStack's tables and stores a span, a log and a replay record", async () => {
    store = await openClickStackStore({ path: dir });
    const tables = await store.query("SELECT name FROM system.tables WHERE database = 'default' ORDER BY name");
    expect(tables.map((t) => t.name)).toEqual([...CLICKSTACK_TABLES].sort());

    const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }, { key: 'rum.sessionId', value: { stringValue: 'sess-1' } }] };
    const ns = String(BigInt(Date.now()) * 1_000_000n);
    await Promise.all([
      store.insert('traces', {
        resourceSpans: [{ resource, scopeSpans: [{ spans: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'click', kind: 1, startTimeUnixNano: ns, endTimeUnixNano: ns, attributes: [{ key: 'component', value: { stringValue: 'user-interaction' } }] }] }] }],
      }),
      store.insert('logs', {
        resourceLogs: [
          {
            resource,
            scopeLogs: [
              {
                logRecords: [
                  { timeUnixNano: ns, severityText: 'INFO', severityNumber: 9, body: { stringValue: 'hello' }, traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' },
                  { timeUnixNano: ns, body: { stringValue: '{"type":4}' }, attributes: [{ key: 'rr-web.event', value: { intValue: '4' } }] },
                ],
              },
            ],
          },
        ],
      }),
    ]);
    // The MATERIALIZED session column ClickStack's schema derives from the resource.
    expect(await store.query('SELECT SpanName, SpanKind, `__hdx_materialized_rum.sessionId` AS sid FROM otel_traces')).toEqual([{ SpanName: 'click', SpanKind: 'Internal', sid: 'sess-1' }]);
    expect(await store.query('SELECT Body, SeverityText, SpanId FROM otel_logs')).toEqual([{ Body: 'hello', SeverityText: 'info', SpanId: 'b7ad6b7169203331' }]);
    const [replay] = await store.query("SELECT simpleJSONExtractInt(Body, 'type') AS type, TimestampTime = toDateTime(Timestamp) AS seconds FROM hyperdx_sessions");
    expect(replay).toEqual({ type: 4, seconds: 1 });
  });

  it('reports a bad query as a rejected promise', async () => {
    await expect(store!.query('SELECT nope FROM otel_traces')).rejects.toThrow(/nope/);
  });
});
