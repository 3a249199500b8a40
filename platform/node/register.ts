/**
 * `node --import clickstack-otel/register app.mjs` or `node --require clickstack-otel/register app.cjs`:
 * starts the SDK from environment variables alone, before the app's first line.
 */
import { init } from './index';

init();
