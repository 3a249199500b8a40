import { ROOT_CONTEXT, SamplingDecision, SpanKind, trace } from '@opentelemetry/api';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { createDebugSpanExporter, createDebugSpanProcessor } from './debug-exporter';
import type { Printer } from './diag';

describe('debug span exporter', () => {
  for (const kind of ['exporter', 'processor'] as const)
  it(`prints a readable block per span and never a secret (${kind})`, () => {
    const out: string[] = [];
    const print = (...a: unknown[]) => out.push(a.join(' '));
    const printer: Printer = { error: print, warn: print, info: print, debug: print };
    const provider = new BasicTracerProvider({
      // 'quiet' is recorded but not sampled: processors see it, the printer must skip it.
      sampler: { shouldSample: (_c, _t, name) => ({ decision: name === 'quiet' ? SamplingDecision.RECORD : SamplingDecision.RECORD_AND_SAMPLED }) },
      spanProcessors: [
        kind === 'exporter'
          ? new SimpleSpanProcessor(createDebugSpanExporter(printer, ['sk-live-123']))
          : createDebugSpanProcessor(printer, ['sk-live-123']),
      ],
    });
    const parent = provider.getTracer('t').startSpan('parent');
    const span = provider
      .getTracer('t')
      .startSpan('GET', { kind: SpanKind.CLIENT, attributes: { 'url.full': 'https://x/?key=sk-live-123', 'http.request.header.authorization': ['Bearer abc'] } }, trace.setSpan(ROOT_CONTEXT, parent));
    span.end();
    // Unsampled spans are not printed (as with SimpleSpanProcessor).
    provider.getTracer('t').startSpan('quiet').end();
    const text = out.join('\n');
    expect(text).toMatch(/^\[clickstack-otel\] span "GET" client \d+\.\d ms trace=[0-9a-f]{32} span=[0-9a-f]{16} parent=[0-9a-f]{16}/);
    expect(text).toContain(`parent=${parent.spanContext().spanId}`);
    expect(text).toContain('url.full=https://x/?key=<redacted>');
    expect(text).toContain('http.request.header.authorization=<redacted>');
    expect(text).not.toContain('sk-live-123');
    expect(text).not.toContain('Bearer abc');
    expect(text).not.toContain('quiet');
  });
});
