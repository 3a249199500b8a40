/**
 * Uncaught errors in a page, recorded as exceptions (src/errors/exception): `error` events of
 * scripts, `unhandledrejection` events, and elements whose resource failed to load (`<img>`,
 * `<script>`, `<link>`, media), whose `error` events do not bubble but do pass `window` in the
 * capture phase.
 *
 * The page's own handling is untouched: the listeners are passive, never call `preventDefault()`
 * or stop propagation, so the browser still reports the error in the console and the app's
 * `onerror`/`onunhandledrejection` handlers still run; anything failing in here is swallowed.
 */
import { ATTR_EXCEPTION_SOURCE, type RecordException } from '../../src/errors/exception';
import { ATTR_URL_FULL } from '../../src/semconv';

export const ATTR_CODE_FILE_PATH = 'code.file.path';
export const ATTR_CODE_LINE_NUMBER = 'code.line.number';
export const ATTR_CODE_COLUMN_NUMBER = 'code.column.number';

/** Elements whose failed load is reported, by tag name. */
const RESOURCE_TAGS = new Set(['IMG', 'SCRIPT', 'LINK', 'VIDEO', 'AUDIO', 'SOURCE', 'IFRAME']);

export function captureBrowserErrors(record: RecordException): () => void {
  if (typeof addEventListener !== 'function') return () => {};

  const onError = (event: Event) => {
    try {
      if (typeof ErrorEvent !== 'undefined' && event instanceof ErrorEvent) {
        // A cross-origin script without CORS gives "Script error." and no error object.
        const attributes: Record<string, string | number> = { [ATTR_EXCEPTION_SOURCE]: 'window.error' };
        if (event.filename) attributes[ATTR_CODE_FILE_PATH] = event.filename;
        if (event.lineno) attributes[ATTR_CODE_LINE_NUMBER] = event.lineno;
        if (event.colno) attributes[ATTR_CODE_COLUMN_NUMBER] = event.colno;
        record(event.error ?? { name: 'Error', message: event.message || 'Script error.' }, attributes);
        return;
      }
      const target = event.target as Element | null;
      if (target && target !== (globalThis as unknown) && RESOURCE_TAGS.has(target.tagName)) {
        const url = resourceUrl(target);
        const tag = target.tagName.toLowerCase();
        record(
          { name: 'ResourceLoadError', message: `<${tag}> failed to load${url ? ` ${url}` : ''}` },
          { [ATTR_EXCEPTION_SOURCE]: 'resource', ...(url ? { [ATTR_URL_FULL]: url } : {}), 'clickstack.element.tag': tag },
        );
      }
    } catch {
      // never into the page
    }
  };

  const onRejection = (event: PromiseRejectionEvent) => {
    try {
      record(event.reason, { [ATTR_EXCEPTION_SOURCE]: 'unhandledrejection' });
    } catch {
      // never into the page
    }
  };

  const options: AddEventListenerOptions = { capture: true, passive: true };
  addEventListener('error', onError, options);
  addEventListener('unhandledrejection', onRejection, options);
  return () => {
    removeEventListener('error', onError, options);
    removeEventListener('unhandledrejection', onRejection, options);
  };
}

function resourceUrl(el: Element): string {
  const e = el as Partial<HTMLImageElement & HTMLLinkElement & HTMLMediaElement>;
  return (typeof e.currentSrc === 'string' && e.currentSrc) || (typeof e.src === 'string' && e.src) || (typeof e.href === 'string' && e.href) || '';
}
