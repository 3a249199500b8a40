/**
 * The `<script>` tag build. It defines `window.ClickStack` itself (tsup emits a bare IIFE) so the
 * global is both the API object and a function for the async snippet:
 *
 *   ClickStack.init({ apiKey, service, url })            // after a plain <script src>
 *   <script src="…" data-api-key="…" data-service="…">   // no inline script: strict-CSP pages
 *   window.ClickStack = window.ClickStack || function () { (ClickStack.q = ClickStack.q || []).push(arguments); };
 *   ClickStack('init', { … });                           // before an `async` <script src>
 *
 * On load it starts from its own tag's `data-*` attributes (if any), then replays the queue.
 */
import { LOG_PREFIX } from '../../src/config/defaults';
import { optionsFromDataAttributes } from '../../src/config/data-attributes';
import { createApi } from '../../src/api';
import { VERSION } from '../../src/version';
// The script tag's own platform: the bundled build's (./bundled-platform.ts) adds what needs a bundler.
import { scriptTagPlatform } from './platform';

const api = { ...createApi(scriptTagPlatform), VERSION };
const { init } = api;
type Method = Exclude<keyof typeof api, 'VERSION'>;

/** `ClickStack('init', options)`: the queue snippet's calling convention, also valid after load. */
function call(method: string, ...args: unknown[]): unknown {
  const fn = Object.prototype.hasOwnProperty.call(api, method) ? api[method as Method] : undefined;
  if (typeof fn !== 'function') {
    console.warn(LOG_PREFIX, `ClickStack('${String(method)}') is not a function of this SDK; ignored.`);
    return undefined;
  }
  return (fn as (...a: unknown[]) => unknown)(...args);
}

const ClickStack = Object.assign(call, api);
const g = globalThis as { ClickStack?: unknown };
const queued = (g.ClickStack as { q?: ArrayLike<unknown>[] } | undefined)?.q;
g.ClickStack = ClickStack;

// `currentScript` is this tag while a classic script (also `async`/`defer`) runs; null in modules.
const script = typeof document !== 'undefined' ? document.currentScript : null;
const fromTag = script instanceof HTMLScriptElement ? optionsFromDataAttributes(script.dataset) : undefined;
if (fromTag) init(fromTag);
if (Array.isArray(queued)) {
  for (const entry of queued) {
    try {
      const [method, ...args] = Array.from(entry);
      call(String(method), ...args);
    } catch (error) {
      console.warn(LOG_PREFIX, 'a queued ClickStack call failed:', error);
    }
  }
}

export {};
