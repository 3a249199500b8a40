/**
 * The dev receiver's module API (dist/node/dev.js), for `npm run demo` and tests: start a receiver
 * on any port and print with the same functions as `clickstack-otel dev`.
 */
export { startDevReceiver, MAX_BODY_BYTES, type DevReceiver, type DevReceiverOptions, type ReceivedExport } from './receiver';
export { decodeOtlpProtobuf, type OtlpSignal } from './protobuf-reader';
export { flattenSpans, formatTraceTrees, formatLogLines, formatMetricsLine, summarizeMetrics, type FlatSpan } from './print';
export { TraceSettler, TRACE_SETTLE_MS } from './trace-settler';
