/**
 * The runtime switch for advanced network capture. `init()` sets it from the configuration;
 * `enableAdvancedNetworkCapture()`/`disableAdvancedNetworkCapture()` flip it later. The flag lives
 * on a global symbol so the ESM and CJS builds (and bundled copies) share one switch; platforms
 * read it when an exchange starts, so a flip applies to the next request, never half of one.
 */
const TOGGLE_KEY = Symbol.for('clickstack-otel.network-capture');

interface ToggleState {
  enabled: boolean;
}

function state(): ToggleState {
  const g = globalThis as { [TOGGLE_KEY]?: ToggleState };
  return (g[TOGGLE_KEY] ??= { enabled: false });
}

export const isNetworkCaptureEnabled = (): boolean => state().enabled;

export function setNetworkCaptureEnabled(enabled: boolean): void {
  state().enabled = enabled;
}
