/**
 * Node's side of the user's instrumentation instances (`instrumentations: [new XInstrumentation()]`):
 * enabled with the SDK's providers (src/instrumentation-instances.ts), plus what Node needs so they
 * see the app's modules without an ESM loader hook (./first-load.ts explains why there is none):
 *
 * - the packages they hook are handed to ./first-load.ts like our own, so an ESM app's `import` of
 *   one (a CommonJS package, as all of them are) goes through require-in-the-middle too;
 * - built-in modules they hook (`dns`, `net`, …) are `require`d once now, which is when
 *   require-in-the-middle patches a built-in (an ESM app never `require`s it), then the ESM
 *   bindings of built-ins are re-synced, so `import { lookup } from 'node:dns'` sees the patch;
 * - an instance for a library this SDK instruments itself (`@opentelemetry/instrumentation-pg`)
 *   replaces the built-in one, instead of both recording every call.
 */
import Module, { isBuiltin } from 'node:module';
import { diag } from '@opentelemetry/api';
import type { Instrumentation } from '../../../src/config/extension-types';
import { enableInstrumentations, type InstrumentationProviders } from '../../../src/instrumentation-instances';

const UPSTREAM_PREFIX = '@opentelemetry/instrumentation-';

export interface UserInstrumentations {
  /** npm packages the instances hook: the ESM import bridge must watch them. */
  packages: string[];
  /** Names of ours (`pg`, `http`, …) an instance replaces. */
  replaces: string[];
  stop(): void;
}

/** The module names an instance hooks, from upstream's `getModuleDefinitions()` (absent in plain objects). */
function moduleNames(instance: Instrumentation): string[] {
  try {
    const defs = (instance as { getModuleDefinitions?: () => { name?: unknown }[] }).getModuleDefinitions?.() ?? [];
    return defs.map((d) => d.name).filter((n): n is string => typeof n === 'string');
  } catch {
    return [];
  }
}

export function startUserInstrumentations(instances: readonly Instrumentation[], providers: InstrumentationProviders, ours: readonly string[]): UserInstrumentations {
  const none = { packages: [], replaces: [], stop: () => {} };
  if (!instances.length) return none;
  const stop = enableInstrumentations(instances, providers, (m) => diag.warn(m));
  const names = instances.flatMap(moduleNames);
  // Top-level built-ins only: `dns/promises` is `dns.promises`, patched with it; requiring it as
  // well would have an instrumentation that hooks both (instrumentation-dns) wrap it twice.
  const builtins = names.filter((n) => isBuiltin(n) && !n.includes('/'));
  if (builtins.length) {
    // Through `Module.prototype.require`, where require-in-the-middle waits; not a `require(name)`,
    // which bundlers that pack this SDK (webpack) would flag as a dynamic dependency.
    const loader = new (Module as unknown as new (id: string) => object)('clickstack-otel:builtins');
    for (const name of builtins) {
      try {
        Module.prototype.require.call(loader, name);
      } catch {
        // A built-in this Node lacks (`diagnostics_channel` on an old one, say): nothing to patch.
      }
    }
    Module.syncBuiltinESMExports();
  }
  const replaces = instances
    .map((i) => String(i.instrumentationName))
    .filter((n) => n.startsWith(UPSTREAM_PREFIX))
    .map((n) => n.slice(UPSTREAM_PREFIX.length))
    .filter((n) => ours.includes(n));
  return { packages: names.filter((n) => !isBuiltin(n) && !n.startsWith('/')), replaces, stop };
}
