/**
 * The user's own pipeline parts, as resolveConfig reads them for the runtimes that take them (Node,
 * the bundled browser build; through their `RuntimeDefaults.settings`): `spanProcessors`,
 * `logRecordProcessors`, `beforeSendSpan`, `beforeSendLog`. Options only (code cannot come from
 * the environment): an entry that is not a processor is left out, a hook that is not a function
 * ignored, each with one message. What they may do at run time, and what happens when they throw:
 * src/user-pipeline.ts.
 */
import type { LogRecordProcessor, SpanProcessor } from './extension-types';
import type { SettingLayer, SettingsReader } from './node-settings';
import type { Options } from './options';

export interface ResolvedExtensions {
  spanProcessors: SpanProcessor[];
  logRecordProcessors: LogRecordProcessor[];
  beforeSendSpan?: Options['beforeSendSpan'];
  beforeSendLog?: Options['beforeSendLog'];
}

/** An object with at least one of these methods. */
const hasMethod = (methods: string[]) => (v: unknown) => !!v && typeof v === 'object' && methods.some((m) => typeof (v as Record<string, unknown>)[m] === 'function');

export function resolveExtensions(r: SettingsReader, config: Partial<ResolvedExtensions>): void {
  const option = r.option as (key: keyof Options) => SettingLayer;
  config.spanProcessors = r.items(option('spanProcessors'), hasMethod(['onStart', 'onEnding', 'onEnd']), 'span processors (objects with onStart/onEnding/onEnd)');
  config.logRecordProcessors = r.items(option('logRecordProcessors'), hasMethod(['onEmit']), 'log record processors (objects with onEmit)');
  config.beforeSendSpan = r.fn(option('beforeSendSpan'));
  config.beforeSendLog = r.fn(option('beforeSendLog'));
}
