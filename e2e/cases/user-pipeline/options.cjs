// The options both apps pass to init(): third-party instrumentation instances (none written here),
// the user's own processors (one adds an attribute, one is an upstream exporter to a second
// receiver, one is broken) and the beforeSend filters. CommonJS, so the ESM preload and the CJS
// app share it.
const { DnsInstrumentation } = require('@opentelemetry/instrumentation-dns');
const { GenericPoolInstrumentation } = require('@opentelemetry/instrumentation-generic-pool');
const { SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http');

module.exports = () => ({
  instrumentations: [new DnsInstrumentation(), new GenericPoolInstrumentation(), { undici: false }],
  spanProcessors: [
    { onStart: (span) => span.setAttribute('app.tenant', 'acme'), onEnd() {} },
    new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${process.env.SECOND_COLLECTOR}/v1/traces` })),
    {
      onStart() {},
      onEnd() {
        throw new Error('a bug in the app’s processor');
      },
    },
  ],
  beforeSendSpan: (span) => {
    if (span.name === 'secret work') return null;
    span.attributes['app.filtered'] = true;
    return span;
  },
  logRecordProcessors: [{ onEmit: (record) => record.setAttribute('app.tenant', 'acme') }],
  beforeSendLog: (record) => (String(record.body).includes('password') ? null : record),
});
