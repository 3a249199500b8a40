/**
 * Starts the enabled library instrumentations whose library the app has installed.
 *
 * Each instrumentation hooks its module by name (require-in-the-middle for `require`,
 * import-in-the-middle for `import`); the names hooked are published on a global for
 * ../register-esm.ts, which asks Node's ESM loader to intercept those modules only.
 * A failure to load one instrumentation costs that one library its spans, nothing else.
 */
import { diag } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { LIBRARIES, type LibraryEntry } from './catalog';
import { appRoots, createInstalledCheck } from './installed';

/** Module names the running instrumentations hook, read by the `--import` preload. */
export const HOOKED_MODULES_KEY = Symbol.for('clickstack-otel.hooked-modules');

export interface StartedLibraries {
  /** Names started, in catalog order. */
  names: string[];
  stop(): void;
}

export function startLibraryInstrumentations(
  enabled: readonly string[],
  isInstalled: (pkg: string) => boolean = createInstalledCheck(appRoots()),
  libraries: readonly LibraryEntry[] = LIBRARIES,
): StartedLibraries {
  const running: Instrumentation[] = [];
  const names: string[] = [];
  const modules = new Set<string>();
  for (const lib of libraries) {
    if (!enabled.includes(lib.name) || !lib.packages.some(isInstalled)) continue;
    try {
      for (const instrumentation of lib.load()) {
        running.push(instrumentation);
        for (const name of hookedModules(instrumentation)) modules.add(name);
      }
      names.push(lib.name);
    } catch (error) {
      diag.warn(`could not load the ${lib.name} instrumentation; ${lib.name} calls are not traced.`, String(error));
    }
  }
  (globalThis as { [HOOKED_MODULES_KEY]?: string[] })[HOOKED_MODULES_KEY] = [...modules];
  if (names.length) diag.debug(`library instrumentations: ${names.join(', ')}`);
  return {
    names,
    stop() {
      for (const instrumentation of running) instrumentation.disable();
      (globalThis as { [HOOKED_MODULES_KEY]?: string[] })[HOOKED_MODULES_KEY] = [];
    },
  };
}

/** The module names an instrumentation hooks (InstrumentationBase keeps its `init()` result in `_modules`). */
function hookedModules(instrumentation: Instrumentation): string[] {
  const definitions = (instrumentation as unknown as { _modules?: { name: string }[] })._modules ?? [];
  return definitions.map((d) => d.name);
}
