#!/usr/bin/env node
/**
 * `npx clickstack-instrument app.js [args…]`: runs an app (ESM or CommonJS) with the SDK preloaded,
 * configured by the environment, exactly as `node --import clickstack-otel/register app.js` would.
 *
 * The app runs in this very process (no child to babysit), so its pid, signals, exit code and
 * `require.main === module` are its own: the runner starts the SDK, points `process.argv` at the
 * app and hands over to Node's own entry-point loader. `fork()`ed children and `node:cluster`
 * workers inherit the preload through `process.execArgv`, as with `node --import`.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Module from 'node:module';

const USAGE = `Usage: clickstack-instrument <app.js|app.mjs|app.cjs> [app arguments…]

Runs the app with clickstack-otel started from environment variables, e.g.
  OTEL_SERVICE_NAME=checkout OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 HYPERDX_API_KEY=… \\
  npx clickstack-instrument server.js --port 3000
Node options go first: node --max-old-space-size=512 node_modules/.bin/clickstack-instrument server.js`;

/** Exit status for a usage error (BSD sysexits EX_USAGE is 64; 2 is the common CLI convention). */
const EXIT_USAGE = 2;

const [app, ...args] = process.argv.slice(2);
if (!app || app === '--help' || app === '-h') {
  (app ? console.log : console.error)(USAGE);
  process.exit(app ? 0 : EXIT_USAGE);
}

const register = fileURLToPath(new URL('./register.js', import.meta.url));
// Children forked by the app (cluster workers, child_process.fork) get the same preload.
if (!process.execArgv.includes(register)) process.execArgv.push('--import', register);
// Before the preload: it looks at the app's entry (its folder's libraries, ESM or CommonJS).
process.argv = [process.argv[0]!, resolve(app), ...args];
await import(register);
// Node's own `node app.js` path: picks the ESM or CommonJS loader and sets `require.main`.
(Module as unknown as { runMain(main?: string): void }).runMain();
