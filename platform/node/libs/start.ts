/**
 * Starts the enabled library instrumentations whose library the app has installed, lazily: at
 * `init()` only a few `stat`s; an instrumentation's code is read when the app first loads its
 * library (./first-load.ts), just before the library's own code runs.
 *
 * Each instrumentation then hooks its module by name with require-in-the-middle, which sees native
 * `import`s of those (CommonJS) packages too, through ./first-load.ts: no ESM loader hook.
 * A failure to load one instrumentation costs that one library its spans, nothing else.
 */
import { diag } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { LIBRARIES, type LibraryEntry } from './catalog';
import { onFirstLoad } from './first-load';
import { appRoots, createInstalledCheck } from './installed';

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
  /** Packages hooked by the user's instrumentation instances (./user-instrumentations.ts): bridged for `import` too. */
  userPackages: readonly string[] = [],
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
  // Already enabled: nothing to load, but an `import` of them must reach require-in-the-middle.
  for (const pkg of userPackages) if (!triggers.has(pkg)) triggers.set(pkg, () => {});
  const stopWatching = watch(triggers);
  return {
    names: selected.map((lib) => lib.name),
    stop() {
      stopWatching();
      for (const instrumentation of running) instrumentation.disable();
    },
  };
}
