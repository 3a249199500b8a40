/**
 * The batch processors' queues, readable synchronously. A process dying of an uncaught exception
 * gets no more event-loop turns (not even microtasks), while OpenTelemetry's batch processors
 * reach their exporter only after an `await`: `forceFlush()` started at that moment sends nothing.
 * So each pipeline gets a tap: a processor that notes every item as it is queued, and an
 * exporter wrapper that forgets the items the batch hands over; what is left is exactly what
 * would be lost, and `take()` returns it for a synchronous send.
 *
 * Bounded by the queue size it mirrors: when the batch processor drops items (queue full), the
 * oldest notes are forgotten first, so the tap never holds more than `maxItems` references.
 */
import type { ExportResult } from '@opentelemetry/core';

export interface ExitTap<T> {
  /** Notes an item the batch processor has just queued. */
  add(item: T): void;
  /** The exporter the batch processor should use: forwards everything, forgetting what it sends. */
  wrap<E extends { export(items: T[], done: (result: ExportResult) => void): void }>(exporter: E): E;
  /** The items queued and not yet handed to the exporter, oldest first; the tap is then empty. */
  take(): T[];
}

export function createExitTap<T>(maxItems: number): ExitTap<T> {
  const pending = new Set<T>();
  return {
    add(item) {
      pending.add(item);
      if (pending.size > maxItems) pending.delete(pending.values().next().value as T);
    },
    wrap(exporter) {
      const wrapped = Object.create(exporter) as typeof exporter;
      wrapped.export = (items, done) => {
        for (const item of items) pending.delete(item);
        exporter.export(items, done);
      };
      return wrapped;
    },
    take() {
      const items = [...pending];
      pending.clear();
      return items;
    },
  };
}
