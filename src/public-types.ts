/** The types both entrypoints export, listed once. */
export type { BatchOptions, BodyHook, BodyHookInfo, Compression, LimitOptions, LogLevel, NetworkCaptureOptions, Options, OtlpProtocol, PropagationTarget, PropagatorOption, SamplerName, SessionPersistence } from './config/options';
export type { ConfigProblem } from './config/problems';
export type { EnvRecord, ResolvedConfig, ResolveResult } from './config/resolve';
export type { PublicApi } from './api';
export type { SdkHandle } from './sdk';
export type { Instrumentation, InstrumentationSwitches, LogRecord, LogRecordProcessor, MetricReader, ReadableSpan, SpanProcessor } from './config/extension-types';
export type { RequestLike, WithTracingOptions } from './trace/fetch-handler';
