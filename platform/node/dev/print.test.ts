import { afterEach, describe, expect, it, vi } from 'vitest';
import { flattenSpans, formatLogLines, formatMetricsLine, formatTraceTrees } from './print';
import { TRACE_SETTLE_MS, TraceSettler } from './trace-settler';

const T = '0af7651916cd43dd8448eb211c80319c';
const res = (service: string) => ({ attributes: [{ key: 'service.name', value: { stringValue: service } }] });
const span = (spanId: string, parentSpanId: string, name: string, kind: number, start: number, end: number, attrs: Record<string, unknown> = {}) => ({
  traceId: T,
  spanId,
  ...(parentSpanId ? { parentSpanId } : {}),
  name,
  kind,
  startTimeUnixNano: String(1_764_860_000_000_000_000n + BigInt(start) * 1_000_000n),
  endTimeUnixNano: String(1_764_860_000_000_000_000n + BigInt(end) * 1_000_000n),
  attributes: Object.entries(attrs).map(([key, v]) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } })),
});
const request = {
  resourceSpans: [
    { resource: res('web'), scopeSpans: [{ spans: [span('0000000000000001', '', 'GET', 3, 0, 100, { 'url.full': 'http://x/api', 'http.response.status_code': 200 })] }] },
    {
      resource: res('api'),
      scopeSpans: [
        {
          spans: [
            span('0000000000000003', '0000000000000002', 'SELECT', 3, 30, 40),
            span('0000000000000002', '0000000000000001', 'GET', 2, 10, 90, { 'url.path': '/api', 'http.response.status_code': 200 }),
            span('0000000000000004', '0000000000000002', 'GET', 3, 20, 25, { 'url.full': 'http://y/first' }),
          ],
        },
      ],
    },
  ],
};

describe('formatTraceTrees', () => {
  it('prints one trace as a tree, children in start order, services across resources', () => {
    expect(formatTraceTrees(flattenSpans(request))).toEqual([
      '',
      `one distributed trace ${T}: 4 spans from web and api`,
      '└─ web      client GET   100.0 ms  200 http://x/api',
      '   └─ api      server GET    80.0 ms  200 /api',
      '      ├─ api      client GET     5.0 ms   http://y/first',
      '      └─ api      client SELECT   10.0 ms',
    ]);
  });

  it('shows a span whose parent never arrived as a root instead of hiding it', () => {
    const lines = formatTraceTrees(flattenSpans({ resourceSpans: [{ resource: res('api'), scopeSpans: [{ spans: [span('0000000000000009', 'ffffffffffffffff', 'orphan', 1, 0, 1)] }] }] }));
    expect(lines[1]).toBe(`one trace ${T}: 1 span from api`);
    expect(lines[2]).toMatch(/^└─ api +internal orphan/);
  });
});

describe('formatLogLines and formatMetricsLine', () => {
  it('prints time, severity, service, body and the short trace id', () => {
    const lines = formatLogLines({
      resourceLogs: [
        {
          resource: res('api'),
          scopeLogs: [
            {
              logRecords: [
                { timeUnixNano: '1764860000123000000', severityNumber: 17, body: { stringValue: 'boom\n  at x' }, traceId: T },
                { observedTimeUnixNano: '1764860000123000000', severityText: 'warn', body: { kvlistValue: { values: [{ key: 'a', value: { intValue: '1' } }] } } },
              ],
            },
          ],
        },
      ],
    });
    expect(lines).toEqual(['14:53:20.123 ERROR api  boom ⏎ at x  trace=0af76519', '14:53:20.123 WARN  api  {"a":1}']);
  });

  it('summarizes a metrics export on one line', () => {
    const line = formatMetricsLine({
      resourceMetrics: [
        {
          resource: res('api'),
          scopeMetrics: [{ metrics: [{ name: 'http.server.request.duration', histogram: { dataPoints: [{}, {}] } }, { name: 'process.cpu', sum: { dataPoints: [{}] } }] }],
        },
      ],
    });
    expect(line).toBe('metrics from api: 2 metrics, 3 points (http.server.request.duration ×2, process.cpu)');
  });
});

describe('TraceSettler', () => {
  afterEach(() => vi.useRealTimers());

  it('prints a trace once no span arrived for the settle delay, again (whole) when a late span comes', () => {
    vi.useFakeTimers();
    const printed: [number, boolean][] = [];
    const settler = new TraceSettler((spans, update) => printed.push([spans.length, update]));
    const [a, b, c] = flattenSpans(request);
    settler.add([a!]);
    vi.advanceTimersByTime(TRACE_SETTLE_MS - 1);
    settler.add([b!]);
    vi.advanceTimersByTime(TRACE_SETTLE_MS - 1);
    expect(printed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(printed).toEqual([[2, false]]);
    settler.add([c!]);
    settler.flush();
    expect(printed).toEqual([[2, false], [3, true]]);
  });
});
