/**
 * rrweb events as the OTLP log records the HyperDX UI replays, and the bounded queue they wait in.
 *
 * Wire format (what `useRRWebEventStream` in hyperdx packages/app/src/sessions.ts reads): scope
 * `rum.rr-web`; log attributes `rr-web.event` (the event type), `rr-web.offset` (a running
 * counter), `rr-web.chunk` (1-based) and `rr-web.total-chunks`, all numbers; body a slice of
 * `JSON.stringify(event)` (./chunk); time = the event's timestamp in ms × 1e6; resource = the
 * session's resource (`rum.sessionId`). The player orders rows by a one-second timestamp and
 * concatenates bodies until chunk = total-chunks, so all chunks of one event share one timestamp
 * and stay adjacent in the queue and on the wire.
 *
 * The queue is bounded (the collector may be down for as long as the page lives): past
 * MAX_BUFFERED_REPLAY_CHARS or MAX_BUFFERED_REPLAY_RECORDS the OLDEST events are dropped, whole
 * (never some of an event's chunks), and the caller is told so it can take a new full snapshot:
 * increments without the snapshot before them cannot be played.
 * Platform-free: no DOM, no Node.
 */
import type { HrTime } from '@opentelemetry/api';
import type { EncodableLogRecord } from '../export/otlp-json';
import { VERSION } from '../version';
import { chunkString, MAX_REPLAY_CHUNK_BYTES } from './chunk';

export const REPLAY_SCOPE_NAME = 'rum.rr-web';
export const ATTR_RRWEB_EVENT = 'rr-web.event';
export const ATTR_RRWEB_OFFSET = 'rr-web.offset';
export const ATTR_RRWEB_CHUNK = 'rr-web.chunk';
export const ATTR_RRWEB_TOTAL_CHUNKS = 'rr-web.total-chunks';

/** Queued replay body text (UTF-16 code units, about bytes for markup) before the oldest is dropped. */
export const MAX_BUFFERED_REPLAY_CHARS = 8 * 1024 * 1024;
/** Queued replay records before the oldest is dropped (mouse moves are many small events). */
export const MAX_BUFFERED_REPLAY_RECORDS = 5_000;
/** One export request carries at most this much body text (a chunk may still fill it alone)... */
export const MAX_REPLAY_BATCH_CHARS = MAX_REPLAY_CHUNK_BYTES + 64 * 1024;
/** ...and at most this many records. */
export const MAX_REPLAY_BATCH_RECORDS = 200;

const SCOPE = { name: REPLAY_SCOPE_NAME, version: VERSION };

/** The part of an rrweb event this file reads (`@rrweb/types` eventWithTime). */
export interface ReplayEvent {
  type: number;
  timestamp: number;
}

export type ReplayRecord = EncodableLogRecord & { body: string };

/** Epoch milliseconds as HrTime, exactly (rrweb timestamps are whole `Date.now()` values). */
function millisToHrTime(ms: number): HrTime {
  const s = Math.floor(ms / 1000);
  return [s, Math.round((ms - s * 1000) * 1e6)];
}

/**
 * The records of one event, numbered from `offset` (one per chunk). A timestamp that is not a
 * finite number is replaced by `now`, so a bad event cannot produce an unreadable time.
 */
export function replayRecords(event: ReplayEvent, offset: number, resource: EncodableLogRecord['resource'], now: number, maxChunkBytes?: number): ReplayRecord[] {
  const chunks = chunkString(JSON.stringify(event), maxChunkBytes);
  const time = millisToHrTime(Number.isFinite(event.timestamp) ? event.timestamp : now);
  return chunks.map((body, i) => ({
    hrTime: time,
    hrTimeObserved: time,
    body,
    attributes: {
      [ATTR_RRWEB_EVENT]: event.type,
      [ATTR_RRWEB_OFFSET]: offset + i,
      [ATTR_RRWEB_CHUNK]: i + 1,
      [ATTR_RRWEB_TOTAL_CHUNKS]: chunks.length,
    },
    droppedAttributesCount: 0,
    resource,
    instrumentationScope: SCOPE,
  }));
}

export interface ReplayQueue {
  /** Appends one event's records; returns how many older records were dropped to make room. */
  push(records: ReplayRecord[]): number;
  /**
   * Removes and returns the next batch (whole events, within the batch limits, or within
   * `limitChars` of body text when given; at least one record, so an event bigger than that goes alone).
   */
  take(limitChars?: number): ReplayRecord[];
  readonly size: number;
  readonly chars: number;
  clear(): void;
}

export interface ReplayQueueLimits {
  maxChars?: number;
  maxRecords?: number;
  batchChars?: number;
  batchRecords?: number;
}

const isFirstChunk = (r: ReplayRecord) => r.attributes[ATTR_RRWEB_CHUNK] === 1;

export function createReplayQueue(limits: ReplayQueueLimits = {}): ReplayQueue {
  const maxChars = limits.maxChars ?? MAX_BUFFERED_REPLAY_CHARS;
  const maxRecords = limits.maxRecords ?? MAX_BUFFERED_REPLAY_RECORDS;
  const batchChars = limits.batchChars ?? MAX_REPLAY_BATCH_CHARS;
  const batchRecords = limits.batchRecords ?? MAX_REPLAY_BATCH_RECORDS;
  // A plain array with a moving head: shift() on every drop would be quadratic.
  let items: ReplayRecord[] = [];
  let head = 0;
  let chars = 0;

  const compact = () => {
    if (head > 1024 && head * 2 > items.length) {
      items = items.slice(head);
      head = 0;
    }
  };
  const removeHead = () => {
    chars -= items[head]!.body.length;
    items[head++] = undefined as unknown as ReplayRecord;
  };

  return {
    push(records) {
      for (const r of records) {
        items.push(r);
        chars += r.body.length;
      }
      let dropped = 0;
      while (items.length - head > 0 && (chars > maxChars || items.length - head > maxRecords)) {
        // Drop one whole event: its first record, then the chunks that belong to it.
        removeHead();
        dropped++;
        while (head < items.length && !isFirstChunk(items[head]!)) {
          removeHead();
          dropped++;
        }
      }
      compact();
      return dropped;
    },
    take(limitChars = batchChars) {
      const batch: ReplayRecord[] = [];
      let batchSize = 0;
      while (head < items.length) {
        // Measure the whole event at the head, so a batch never ends inside an event.
        let end = head + 1;
        let eventChars = items[head]!.body.length;
        while (end < items.length && !isFirstChunk(items[end]!)) eventChars += items[end++]!.body.length;
        if (batch.length && (batchSize + eventChars > limitChars || batch.length + (end - head) > batchRecords)) break;
        for (; head < end; head++) batch.push(items[head]!);
        chars -= eventChars;
        batchSize += eventChars;
      }
      compact();
      if (head === items.length) {
        items = [];
        head = 0;
      }
      return batch;
    },
    get size() {
      return items.length - head;
    },
    get chars() {
      return chars;
    },
    clear() {
      items = [];
      head = 0;
      chars = 0;
    },
  };
}
