// An ESM app's own preload (`node --import ./instrument.mjs app.mjs`): how an app passes
// instrumentation instances and processors, which environment variables cannot carry.
import { init } from 'clickstack-otel';
import options from './options.cjs';

init(options());
