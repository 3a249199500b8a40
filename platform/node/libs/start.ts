/**
 * Starts the enabled library instrumentations whose library the app has installed, lazily: at
 * `init()` only a few `stat`s; an instrumentation's code is read when the app first loads its
 * library (./first-load.ts), just before the library's own code runs.
 *
 * Each instrumentation then hooks its module by name (require-in-the-middle for `require`,
 * import-in-the-middle for `import`); the package names are published on a global for
 * ../register-esm.ts, which asks Node's ESM loader to intercept those modules only.
 * A failure to load one instrumentation costs that one library its spans, nothing else.
 */
import { diag } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { LIBRARIES, type LibraryEntry } from './catalog';
import { onFirstLoad } from './first-load';
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
  watch: typeof onFirstLoad = onFirstLoad,
): StartedLibraries {
  const selected = libraries.filter((lib) => enabled.includes(lib.name) && lib.packages.some(isInstalled));
  const running: Instrumentation[] = [];
  const load = (lib: LibraryEntry) => {
    try {
      running.push(...lib.load());
      diag.debug(`instrumenting ${lib.name}`);
    } catch (error) {
      diag.warn(`could not load the ${lib.name} instrumentation; ${lib.name} calls are not traced.`, String(error));
    }
  };
  const triggers = new Map<string, () => void>();
  for (const lib of selected) {
    const trigger = () => load(lib);
    for (const pkg of lib.packages) triggers.set(pkg, trigger);
  }
  const stopWatching = watch(triggers);
  publishHookedModules([...triggers.keys()]);
  return {
    names: selected.map((lib) => lib.name),
    stop() {
      stopWatching();
      for (const instrumentation of running) instrumentation.disable();
      publishHookedModules([]);
    },
  };
}

function publishHookedModules(modules: string[]): void {
  (globalThis as { [HOOKED_MODULES_KEY]?: string[] })[HOOKED_MODULES_KEY] = modules;
}
