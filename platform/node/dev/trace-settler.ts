/**
 * Holds spans per trace until the trace settles (no new span for `settleMs`), so a tree is printed
 * complete rather than span by span. A span of a trace that was already printed starts a new
 * settle window and the trace is printed again, whole.
 */
import type { FlatSpan } from './print';

/** Quiet time after a trace's last span before it is printed (ms): longer than one batch hop. */
export const TRACE_SETTLE_MS = 1500;
/** Traces kept in memory (for late spans); the oldest is forgotten beyond this. */
export const MAX_TRACES_KEPT = 1000;

export class TraceSettler {
  private readonly traces = new Map<string, { spans: FlatSpan[]; timer?: ReturnType<typeof setTimeout>; printed: boolean }>();

  constructor(
    private readonly onSettled: (spans: FlatSpan[], update: boolean) => void,
    private readonly settleMs = TRACE_SETTLE_MS,
  ) {}

  add(spans: FlatSpan[]): void {
    for (const span of spans) {
      let entry = this.traces.get(span.traceId);
      if (!entry) {
        entry = { spans: [], printed: false };
        this.traces.set(span.traceId, entry);
        if (this.traces.size > MAX_TRACES_KEPT) {
          const oldest = this.traces.keys().next().value!;
          clearTimeout(this.traces.get(oldest)?.timer);
          this.traces.delete(oldest);
        }
      }
      entry.spans.push(span);
      clearTimeout(entry.timer);
      const e = entry;
      e.timer = setTimeout(() => this.settle(e), this.settleMs);
      e.timer.unref?.();
    }
  }

  /** Prints every trace still waiting (on shutdown). */
  flush(): void {
    for (const entry of this.traces.values()) if (entry.timer) (clearTimeout(entry.timer), this.settle(entry));
  }

  private settle(entry: { spans: FlatSpan[]; timer?: ReturnType<typeof setTimeout>; printed: boolean }): void {
    entry.timer = undefined;
    const update = entry.printed;
    entry.printed = true;
    this.onSettled([...entry.spans], update);
  }
}
