// A script that dies (or not) of an error, run with and without the SDK (NO_SDK=1) so the test
// can compare exit status and stderr. MODE: throw | reject | handled.
import { trace } from '@opentelemetry/api';
import { init, recordException } from 'clickstack-otel';

const mode = process.argv[2];
if (process.env.NO_SDK !== '1') init();

if (mode === 'handled') {
  // The app owns uncaught exceptions: the process must keep running, the handler must run.
  process.on('uncaughtException', (error) => {
    console.log(`app handler caught: ${error.message}`);
    setTimeout(() => {
      console.log('still alive');
      process.exit(0);
    }, 200);
  });
}

// A finished span with a log line inside it, queued (not yet exported) when the error hits.
trace.getTracer('app').startActiveSpan('job', (span) => {
  console.log('job started for %s', 'ada');
  recordException(new Error('recorded by the app'), { 'job.id': 7 });
  span.end();
});

setTimeout(() => {
  if (mode === 'reject') {
    Promise.reject(new TypeError('nobody handles this rejection'));
  } else {
    throw new RangeError(`uncaught in a timer (${mode})`);
  }
}, 20);
