// One busy span and one busy log record, through the public APIs an app or a library uses; the
// limits come from the environment the spec sets.
import { trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { init, shutdown } from 'clickstack-otel';

init({ service: 'limits-app', metrics: false });
const span = trace.getTracer('app').startSpan('busy', { attributes: { long: 'x'.repeat(100), list: ['y'.repeat(100), 'short'] } });
for (let i = 0; i < 10; i++) span.setAttribute(`k${i}`, i);
span.addEvent('step', { detail: 'z'.repeat(100) });
span.end();
logs.getLogger('app').emit({ body: 'b'.repeat(100), attributes: { long: 'l'.repeat(100), a1: 1, a2: 2, a3: 3 } });
await shutdown();
console.log('done');
