/**
 * `XMLHttpRequest` client spans: `open` records method and URL, `send` starts the span and adds
 * the trace headers, `loadend` ends it. One set of listener functions is shared by every request
 * (state lives in a WeakMap), so a traced XHR allocates no closures.
 */
import { afterHook, endWithError, endWithResponse, type ClientSpanFactory } from './client-span';
import { callHook, type XhrResponseHook } from './hooks';
import type { Span } from '@opentelemetry/api';

interface XhrState {
  method: string;
  url: string;
  span?: Span;
  onResponse?: XhrResponseHook;
  /** Set by `error`/`abort`/`timeout`, read at `loadend`. */
  failure?: string;
  listening?: boolean;
  /** `setRequestHeader` calls since `open`, kept only when a capture hook wants them. */
  headers?: [string, string][];
}

const FAILURES: Record<string, string> = { error: 'NetworkError', abort: 'AbortError', timeout: 'TimeoutError' };

export function instrumentXhr(spans: ClientSpanFactory): () => void {
  if (typeof XMLHttpRequest !== 'function') return () => {};
  const proto = XMLHttpRequest.prototype;
  const originalOpen = proto.open;
  const originalSend = proto.send;
  const setHeader = proto.setRequestHeader;
  const states = new WeakMap<XMLHttpRequest, XhrState>();
  const keepHeaders = !!spans.hooks.onXhrRequest;
  let enabled = true;

  function onEvent(this: XMLHttpRequest, event: Event) {
    const state = states.get(this);
    const span = state?.span;
    if (!span) return;
    if (event.type !== 'loadend') {
      state.failure = FAILURES[event.type];
      return;
    }
    state.span = undefined;
    if (this.status === 0 || state.failure) {
      endWithError(span, state.failure ?? 'NetworkError');
      return;
    }
    const xhr = this;
    afterHook(state.onResponse, xhr, () => endWithResponse(span, xhr.status, readServerTiming(xhr)));
  }

  function open(this: XMLHttpRequest, method: string, url: string | URL) {
    if (enabled) {
      const previous = states.get(this);
      // Re-opening aborts the previous request without firing any event: end its span here.
      if (previous?.span) endWithError(previous.span, 'AbortError');
      states.set(this, { method, url: String(url), listening: previous?.listening, headers: keepHeaders ? [] : undefined });
    }
    // eslint-disable-next-line prefer-rest-params
    return originalOpen.apply(this, arguments as unknown as Parameters<XMLHttpRequest['open']>);
  }

  function send(this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const state = enabled ? states.get(this) : undefined;
    let startedHere = false;
    if (state && !state.span) {
      const started = spans.start(state.method, state.url);
      if (started) {
        startedHere = true;
        const { span, url, method, headers } = started;
        state.span = span;
        state.failure = undefined;
        if (headers) {
          try {
            for (const name in headers) {
              setHeader.call(this, name, headers[name]!);
              state.headers?.push([name, headers[name]!]);
            }
          } catch {
            // the request is in a state that refuses headers; send it as the app wrote it
          }
        }
        state.onResponse = callHook(spans.hooks, 'onXhrRequest', { span, url, method, xhr: this, body, headers: state.headers });
        if (!state.listening) {
          state.listening = true;
          for (const type of ['error', 'abort', 'timeout', 'loadend']) this.addEventListener(type, onEvent);
        }
      }
    }
    try {
      return originalSend.call(this, body);
    } catch (error) {
      // e.g. InvalidStateError: no request went out, so no event will end the span we started
      if (startedHere && state?.span) {
        endWithError(state.span, error instanceof Error ? error.name : '_OTHER', String(error));
        state.span = undefined;
      }
      throw error;
    }
  }

  // Only wrapped when capture hooks exist: the headers are recorded as the app set them.
  function setRequestHeader(this: XMLHttpRequest, name: string, value: string) {
    setHeader.call(this, name, value);
    if (enabled) states.get(this)?.headers?.push([String(name), String(value)]);
  }

  proto.open = open as XMLHttpRequest['open'];
  proto.send = send;
  if (keepHeaders) proto.setRequestHeader = setRequestHeader;
  return () => {
    enabled = false;
    if (proto.open === open) proto.open = originalOpen;
    if (proto.send === send) proto.send = originalSend;
    if (proto.setRequestHeader === setRequestHeader) proto.setRequestHeader = setHeader;
  };
}

function readServerTiming(xhr: XMLHttpRequest): string | null {
  try {
    return xhr.getResponseHeader('server-timing');
  } catch {
    return null;
  }
}
