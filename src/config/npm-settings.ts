/**
 * Options the npm builds read and the script tag leaves out (about 400 B brotli it does not have):
 * attribute limits (./limits) and propagators (./propagators). Resolved inside resolveConfig with
 * its layers and messages, but handed in by the builds that have them (`RuntimeDefaults.npm`:
 * Node, platform/browser/bundled-platform.ts for bundlers, platform/edge), as ./node-settings is
 * by Node. Without them (the script tag) the spec's default limits and the W3C propagators stand.
 */
import { resolveLimits, type ResolvedLimits } from './limits';
import type { SettingsReader } from './node-settings';
import { resolvePropagators, type NamedPropagators, type PropagatorChoice } from './propagators';

/** Called by resolveConfig (`RuntimeDefaults.npm`); `named`: the build's propagators beyond the W3C pair. */
export function resolveNpmSettings(r: SettingsReader, config: { limits?: ResolvedLimits; propagators: PropagatorChoice }, named?: NamedPropagators): void {
  const option = r.option as (key: string) => ReturnType<SettingsReader['option']>;
  config.limits = resolveLimits(r, option('limits'));
  config.propagators = resolvePropagators(r, option('propagators'), named);
}

/**
 * The options only the npm builds know: these, and the user's pipeline parts (./extensions, read by
 * the builds' `settings`). Listed here, not in resolveConfig's own list, so that the script tag,
 * which lacks this module, reports each as one "not known to this build" message instead of
 * ignoring it silently, and carries no bytes for the names.
 */
resolveNpmSettings.options = ['limits', 'propagators', 'spanProcessors', 'logRecordProcessors', 'metricReaders', 'beforeSendSpan', 'beforeSendLog'];
