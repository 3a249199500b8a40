/**
 * The few globals that browsers and Node share and src/ may use. src/tsconfig.json loads neither
 * the DOM library nor @types/node, so anything else (window, document, process, Buffer) fails
 * to type-check there: that is the core boundary, enforced by the compiler.
 */
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}
declare const console: {
  error(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  info(...args: unknown[]): void;
  debug(...args: unknown[]): void;
  log(...args: unknown[]): void;
};
declare function setTimeout(handler: () => void, millis?: number): unknown;
declare function clearTimeout(handle: unknown): void;
declare class URL {
  constructor(url: string, base?: string);
  href: string;
  protocol: string;
  host: string;
  hostname: string;
  port: string;
  pathname: string;
  search: string;
}
declare class AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}
interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
/** Base64 of a binary string (OTLP/JSON bytes values); in browsers and Node ≥ 16. */
declare function btoa(data: string): string;
/** High-resolution clock; `timeOrigin` is the epoch milliseconds at which `now()` was 0. */
declare const performance: { now(): number; readonly timeOrigin: number };
/** The part of a fetch body stream that network capture reads (src/network/read-capped.ts). */
interface ReadableStream<R = any> {
  getReader(): ReadableStreamDefaultReader<R>;
}
interface ReadableStreamDefaultReader<R = any> {
  read(): Promise<{ done: true; value?: undefined } | { done: false; value: R }>;
  cancel(reason?: unknown): Promise<void>;
}
