// The browser side: the same API plus the opt-in web-vitals add-on.
import { forceFlush, init } from 'clickstack-otel';
import { startWebVitals } from 'clickstack-otel/web-vitals';
import type { WebVitals } from 'clickstack-otel/web-vitals';
import { startReplay, type ReplayOptions, type SessionReplay } from 'clickstack-otel/replay';
import type { ReadableSpan } from 'clickstack-otel';
import { DocumentLoadInstrumentation } from '@opentelemetry/instrumentation-document-load';
import { UserInteractionInstrumentation } from '@opentelemetry/instrumentation-user-interaction';

init({
  service: 'spa',
  url: 'https://otel.example.com:4318',
  sessionPersistence: 'cookie',
  tracePropagationTargets: /^https:\/\/api\./,
  instrumentations: [new DocumentLoadInstrumentation(), new UserInteractionInstrumentation()],
  spanProcessors: [{ onStart: (span) => void span.setAttribute('page', location.pathname), onEnd() {} }],
  beforeSendSpan: (span: ReadableSpan) => (span.name === 'click' && !span.attributes['target_element'] ? null : span),
  beforeSendLog: (record) => (String(record.body).includes('password') ? null : record),
  logRecordProcessors: [{ onEmit: (record) => void record.setAttribute('page', location.pathname) }],
  ignoreUrls: ['https://ads.example.com', /\/beacon$/],
  propagators: ['tracecontext', 'b3multi'],
  limits: { attributeValueLength: 2048, spanEventCount: 32 },
  compression: 'gzip',
  semconvStabilityOptIn: 'http/dup',
});
const vitals: WebVitals = startWebVitals();
void vitals;
document.addEventListener('click', () => void forceFlush());
const replayOptions: ReplayOptions = { maskAllInputs: true, blockClass: /^private-/, maskTextSelector: '.pii', sampleRate: 0.5 };
const replay: SessionReplay = startReplay(replayOptions);
void replay.flush();
