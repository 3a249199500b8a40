/**
 * Hook points for network capture (headers, bodies). The instrumentation calls them only when
 * set, so requests pay nothing for capture that is off; a hook decides per URL whether to read
 * anything, and only then may it clone a response or read a body.
 *
 * A request hook runs before the request is sent (the span is recording) and may return a
 * response callback. That callback runs when the response arrives, before the span ends; if it
 * returns a promise, the span ends when the promise settles (the hook bounds its own wait).
 * Hooks must not throw; if they do, the error is swallowed and the request proceeds untouched.
 */
import type { Span } from '@opentelemetry/api';

export interface FetchRequestInfo {
  span: Span;
  url: URL;
  method: string;
  /** Exactly what the app passed to `fetch` (trace headers may have been added to a copy of `init`). */
  input: RequestInfo | URL;
  init: RequestInit | undefined;
}

export interface XhrRequestInfo {
  span: Span;
  url: URL;
  method: string;
  xhr: XMLHttpRequest;
  /** The argument of `send()`. */
  body: Document | XMLHttpRequestBodyInit | null | undefined;
  /** Headers set with `setRequestHeader` since `open` (trace headers included); only kept when an XHR hook is set. */
  headers?: readonly (readonly [string, string])[];
}

export type FetchResponseHook = (response: Response) => void | Promise<void>;
export type XhrResponseHook = (xhr: XMLHttpRequest) => void | Promise<void>;

export interface HttpCaptureHooks {
  onFetchRequest?(request: FetchRequestInfo): FetchResponseHook | undefined;
  onXhrRequest?(request: XhrRequestInfo): XhrResponseHook | undefined;
}

/**
 * A header record: a plain object, which `fetch` reads natively. The fetch wrapper hands its copy
 * with the trace headers on in this form, and the capture hook reads such a record where it is.
 */
export const isHeaderRecord = (headers: unknown): headers is Record<string, unknown> =>
  headers !== null && typeof headers === 'object' && Object.getPrototypeOf(headers) === Object.prototype;

/** Calls a hook as a method of `hooks` (so class-based hooks keep `this`), turning a throw into "no hook". */
export function callHook<K extends keyof HttpCaptureHooks>(
  hooks: HttpCaptureHooks,
  name: K,
  arg: Parameters<NonNullable<HttpCaptureHooks[K]>>[0],
): ReturnType<NonNullable<HttpCaptureHooks[K]>> | undefined {
  const hook = hooks[name] as ((this: HttpCaptureHooks, a: typeof arg) => ReturnType<NonNullable<HttpCaptureHooks[K]>>) | undefined;
  if (!hook) return undefined;
  try {
    return hook.call(hooks, arg);
  } catch {
    return undefined;
  }
}
