/**
 * The user's own pipeline parts: `spanProcessors`, `logRecordProcessors`, `beforeSendSpan`,
 * `beforeSendLog`, for the runtimes that take them (Node and the bundled browser build, through
 * `Platform.userPipeline`; the script tag's bytes are budgeted and it takes none, see README).
 *
 * None of them ever breaks the SDK or the app: whatever they throw stops here, as ONE
 * `[clickstack-otel]` message naming the processor or hook, and then:
 *
 * - a processor that throws while handling a span or record (`onStart`, `onEnding`, `onEnd`,
 *   `onEmit`) gets no more spans or records: its state is unknown after a half-handled item, and an
 *   exception per item would tax every request. Its `forceFlush` and `shutdown` still run with the
 *   SDK's, so whatever it holds can leave; a throw or rejection there is reported and never fails
 *   the SDK's flush or shutdown.
 * - a hook that throws, or returns anything but the item it was given or `null`, leaves THAT item
 *   as it was (a failing filter drops nothing) and keeps running for the next ones: a filter that
 *   redacts data must not switch itself off after one odd item.
 *
 * Processors may leave methods out (a plain `{ onEnd(span) {…} }` is one). Log records of the
 * browser's light pipeline get upstream's `setAttribute`/`setAttributes`/`setBody` here, so
 * processors written for sdk-logs work on them unchanged.
 */
import type { LogRecordProcessor, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ResolvedConfig } from './config/resolve';
import { describeException } from './errors/exception';

/** Prints one message (the SDK's warn logger). */
export type Report = (message: string) => void;

type Fn = (...args: unknown[]) => unknown;
type Fields = { attributes: Record<string, unknown>; body?: unknown };

/** `TypeError: boom`; never throws, whatever was thrown (a Symbol, an object whose `toString` throws). */
export function describe(error: unknown): string {
  const { type, message } = describeException(error);
  return `${type}: ${message}`;
}

export interface UserPipeline {
  /**
   * The SDK's span processors with the user's in place: `ours[0]` is the SDK's enricher, the rest
   * its export stage (exit tap, batcher, debug printer). The user's processors (guarded) go after
   * the enricher, so they see its attributes, and the export stage goes behind `beforeSendSpan`.
   */
  spans(ours: SpanProcessor[]): SpanProcessor[];
  /** The user's log record processors, guarded: before `beforeSendLog` and export. */
  logs: LogRecordProcessor[];
  /** `beforeSendLog`, guarded: the record to export, or null to drop it. */
  beforeSendLog?: (record: ReadableLogRecord) => ReadableLogRecord | null;
}

export function userPipeline(config: ResolvedConfig, report: Report): UserPipeline {
  const { beforeSendSpan, beforeSendLog } = config;
  const sendSpan = beforeSendSpan && guardHook('beforeSendSpan', beforeSendSpan as (span: ReadableSpan) => unknown, report);
  const spans = (config.spanProcessors ?? []).map((p, i) => guardProcessor(p, 'spanProcessors', i, ['onStart', 'onEnding', 'onEnd'], report) as SpanProcessor);
  return {
    spans: ([enricher, ...stage]) => [enricher!, ...spans, ...filterStage(stage, 'onEnd', sendSpan)],
    logs: (config.logRecordProcessors ?? []).map((p, i) => {
      const guarded = guardProcessor(p, 'logRecordProcessors', i, ['onEmit'], report) as LogRecordProcessor;
      const onEmit = guarded.onEmit;
      guarded.onEmit = (record, context) => onEmit(readWrite(record), context);
      return guarded;
    }),
    beforeSendLog: beforeSendLog && guardHook('beforeSendLog', (record: ReadableLogRecord) => beforeSendLog(readWrite(record) as never), report),
  };
}

/** What upstream's `ReadWriteLogRecord` adds to a record; a prototype for plain (light) records. */
const READ_WRITE = {
  setAttribute(this: Fields, key: string, value: unknown) {
    this.attributes[key] = value;
    return this;
  },
  setAttributes(this: Fields, attributes: object) {
    Object.assign(this.attributes, attributes);
    return this;
  },
  setBody(this: Fields, body: unknown) {
    this.body = body;
    return this;
  },
};

/** The record itself, with upstream's setters where it lacks them (a light pipeline's plain record). */
function readWrite<R extends object>(record: R): R {
  if (!('setAttribute' in record)) Object.setPrototypeOf(record, READ_WRITE);
  return record;
}

/** `processor` (entry `index` of option `option`) behind a guard; `perItem` names its per-item methods. */
function guardProcessor(processor: object, option: string, index: number, perItem: string[], report: Report): object {
  const p = processor as Record<string, Fn | undefined>;
  const guarded: Record<string, Fn> = {};
  const kind = (processor as { constructor?: { name?: string } }).constructor?.name;
  const label = `${option}[${index}]${kind && kind !== 'Object' ? ` (${kind})` : ''}`;
  let off = false;
  let said = false;
  const fail = (method: string, error: unknown) => {
    if (!said) report(`${label} threw in ${method} (${describe(error)}); ${off ? 'it gets nothing more from now on' : 'the SDK carries on without it'}.`);
    said = true;
  };
  for (const m of perItem) {
    guarded[m] = (...args) => {
      try {
        if (!off) p[m]?.(...args);
      } catch (error) {
        off = true;
        fail(m, error);
      }
    };
  }
  for (const m of ['forceFlush', 'shutdown']) {
    guarded[m] = async () => {
      try {
        await p[m]?.();
      } catch (error) {
        fail(m, error);
      }
    };
  }
  return guarded;
}

/** A `beforeSend…` hook as the pipeline calls it: the item to export (changed in place or not), or `null`. */
export function guardHook<T>(name: string, hook: (item: T) => unknown, report: Report): (item: T) => T | null {
  let said = false;
  return (item) => {
    let why: string;
    try {
      const out = hook(item);
      if (out === item || out === null) return out as T | null;
      why = `returned ${describeException(out).type}, not the item or null`;
    } catch (error) {
      why = `threw (${describe(error)})`;
    }
    if (!said) report(`${name} ${why}; such items are sent as they were.`);
    said = true;
    return item;
  };
}

interface Stage {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * The export stage (exit tap, batcher, debug printer) behind a guarded `beforeSend…` hook, as one
 * processor: each item `method` receives (`onEnd` for spans, `onEmit` for records) goes to every
 * part only if `filter` keeps it. The export stage reads ended items only: `onStart` is a no-op.
 * Without a filter, the stage as it is.
 */
export function filterStage<P extends Stage>(stage: P[], method: 'onEnd' | 'onEmit', filter?: (item: never) => unknown): P[] {
  if (!filter) return stage;
  const all = (m: keyof Stage) => () => Promise.all(stage.map((p) => p[m]())).then(() => {});
  const filtered = {
    onStart() {},
    [method]: (item: never, context?: unknown) => {
      const kept = filter(item);
      if (kept) for (const p of stage) (p as unknown as Record<string, Fn>)[method]!(kept, context);
    },
    forceFlush: all('forceFlush'),
    shutdown: all('shutdown'),
  };
  return [filtered as unknown as P];
}
