// init() against a collector that is down, one span, then shutdown(): how long it takes.
import { init, shutdown } from 'clickstack-otel';

process.on('unhandledRejection', (reason) => console.log(`UNHANDLED-REJECTION ${String(reason)}`));
process.on('uncaughtExceptionMonitor', (error) => console.log(`UNCAUGHT-EXCEPTION ${String(error)}`));

init({ service: 'shutdown-faults', url: process.env.COLLECTOR_URL, batch: { scheduledDelayMillis: 60_000 } });
const res = await fetch(process.env.TARGET_URL);
await res.text();
const started = performance.now();
await shutdown();
console.log(JSON.stringify({ status: res.status, shutdownMillis: Math.round(performance.now() - started) }));
