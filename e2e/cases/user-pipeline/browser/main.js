// A bundled SPA: two instrumentations of OpenTelemetry's own (document load, user interaction),
// enabled by init() with the SDK's light tracer provider, and the app's processors and filter.
import { trace } from '@opentelemetry/api';
import { DocumentLoadInstrumentation } from '@opentelemetry/instrumentation-document-load';
import { UserInteractionInstrumentation } from '@opentelemetry/instrumentation-user-interaction';
import { forceFlush, init } from 'clickstack-otel';

const params = new URLSearchParams(location.search);
// The app's own "exporter": every span its processor sees, dropped ones included.
window.__seen = [];
init({
  service: 'user-pipeline-web',
  url: params.get('collector'),
  instrumentations: [new DocumentLoadInstrumentation(), new UserInteractionInstrumentation()],
  spanProcessors: [
    { onStart: (span) => span.setAttribute('app.tenant', 'acme'), onEnd() {} },
    {
      onStart() {},
      onEnd() {
        throw new Error('a bug in the app’s processor');
      },
    },
    { onStart() {}, onEnd: (span) => window.__seen.push(span.name), forceFlush: async () => {}, shutdown: async () => {} },
  ],
  beforeSendSpan: (span) => {
    if (span.name === 'secret work') return null;
    span.attributes['app.filtered'] = true;
    return span;
  },
  consoleCapture: true,
  logRecordProcessors: [{ onEmit: (record) => record.setAttribute('app.tenant', 'acme') }],
  beforeSendLog: (record) => (String(record.body).includes('password') ? null : record),
});

const button = document.createElement('button');
button.id = 'go';
button.textContent = 'go';
// Added after init(): user-interaction wraps listeners added from then on.
button.addEventListener('click', () => {
  trace.getTracer('app').startSpan('secret work').end();
  console.info('clicked go');
  console.info('password=hunter2');
  window.__clicked = true;
});
document.body.append(button);
window.__flush = forceFlush;
window.__ready = true;
