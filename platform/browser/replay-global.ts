/**
 * The session-replay add-on `<script>` (dist/browser/clickstack-otel-replay.global.js): loading it
 * is the opt-in. It records at once and ships through whichever SDK is running (it may load before
 * or after the main script). Options come from its own tag's `data-*` attributes, so it works
 * under a strict CSP without inline script: `data-mask-all-inputs="false"`, `data-mask-all-text`,
 * `data-mask-text-class`, `data-mask-text-selector`, `data-block-class`, `data-block-selector`,
 * `data-ignore-class`, `data-sample-rate="0.5"`. The controller (`recording`, `flush()`, `stop()`)
 * is `window.ClickStackReplay`, and `ClickStack.replay` when the main script is already there.
 */
import { startReplay, type ReplayOptions } from './replay';

const BOOLEAN = new Set(['maskAllInputs', 'maskAllText']);

/** `data-mask-all-inputs="false"` → `{ maskAllInputs: false }`; values the validator cannot use are kept as given, so it names them. */
function optionsFromTag(dataset: DOMStringMap): ReplayOptions {
  const options: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(dataset)) {
    if (raw === undefined) continue;
    const v = raw.trim();
    options[key] = BOOLEAN.has(key) ? (v === 'true' || v === '' ? true : v === 'false' ? false : v) : key === 'sampleRate' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
  }
  return options as ReplayOptions;
}

// `currentScript` is this tag while a classic script (also `async`/`defer`) runs.
const script = typeof document !== 'undefined' ? document.currentScript : null;
const replay = startReplay(script instanceof HTMLScriptElement ? optionsFromTag(script.dataset) : undefined);
const g = globalThis as { ClickStack?: { replay?: unknown }; ClickStackReplay?: unknown };
g.ClickStackReplay = replay;
if (g.ClickStack) g.ClickStack.replay = replay;

export {};
