/**
 * The platform of the bundled browser build (`import … from 'clickstack-otel'` in an app that a
 * bundler builds): the script tag's (./platform.ts) plus what only a bundling app can use,
 * instrumentation instances in `instrumentations` (`new UserInteractionInstrumentation()`), which
 * come from packages the app bundles, the user's span and log record processors (upstream ones come
 * from packages too), and OpenTelemetry's error handler, which those packages call. The script tag build never imports this file, so it carries
 * none of it.
 */
import { resolveBrowserSettings } from '../../src/config/browser-settings';
import { resolveNpmSettings } from '../../src/config/npm-settings';
import { NAMED_PROPAGATORS } from '../../src/trace/named-propagators';
import { BROWSER_RUNTIME } from '../../src/config/resolve';
import { withInstrumentationInstances } from '../../src/instrumentation-instances';
import { createLightLogPipelineWithProcessors } from '../../src/logs/light-log-processors';
import { otelErrorHandler } from '../../src/otel-error-handler';
import { userPipeline } from '../../src/user-pipeline';
import type { Platform } from '../../src/platform';
import { scriptTagPlatform } from './platform';

export const browserPlatform: Platform = {
  ...scriptTagPlatform,
  // `limits` and `propagators` (B3, Jaeger too) are read here, not by the script tag (bytes).
  defaults: { ...BROWSER_RUNTIME, settings: resolveBrowserSettings, npm: resolveNpmSettings, propagators: NAMED_PROPAGATORS },
  // The app's own OpenTelemetry packages share this bundle's core and report through it.
  otelErrorHandler,
  userPipeline,
  createLogPipeline: createLightLogPipelineWithProcessors,
  instrument: withInstrumentationInstances(scriptTagPlatform.instrument),
};
