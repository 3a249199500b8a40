/**
 * `node --require clickstack-otel/register app.cjs` (and, through ./register-esm.ts, `--import`):
 * starts the SDK from environment variables alone, before the app's first line.
 *
 * Loads the package's own CommonJS entry rather than bundling a second copy of the SDK, so an
 * app that also `require`s clickstack-otel (for `shutdown()`, say) reuses the module already loaded.
 */
(require('./index.cjs') as typeof import('./index')).init();
