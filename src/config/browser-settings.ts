/**
 * Settings only bundled browser apps read: instrumentation instances in `instrumentations`
 * (`[new UserInteractionInstrumentation()]`) and the user's own pipeline parts (./extensions:
 * processors and `beforeSend…` hooks). Handed in by the ESM/CJS browser entry
 * (`RuntimeDefaults.settings`), never by the script tag: instrumentations and processors come from
 * npm packages, which a page needs a bundler for, and the script tag's bytes are budgeted (README:
 * "Your own pipeline parts"). Browsers have no built-in instrumentations to switch by name;
 * switch objects are ignored here.
 */
import { resolveExtensions } from './extensions';
import { INSTRUMENTATIONS_EXPECTED, splitInstrumentations } from './instrumentations';
import type { SettingLayer, SettingsReader } from './node-settings';
import type { ResolvedConfig } from './resolve';

export function resolveBrowserSettings(r: SettingsReader, config: ResolvedConfig): void {
  const layer = (r.option as (key: string) => SettingLayer)('instrumentations');
  const { instances, ignored } = splitInstrumentations(layer.raw);
  if (ignored) r.warn(layer, INSTRUMENTATIONS_EXPECTED, `ignoring ${ignored} entr${ignored === 1 ? 'y' : 'ies'}`);
  config.instrumentationInstances = instances;
  resolveExtensions(r, config);
}
