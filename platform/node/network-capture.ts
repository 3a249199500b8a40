/**
 * One HTTP exchange's capture in Node: the collectors for both bodies, and the step that turns
 * what was seen into attributes through the core policy (src/network). Platform code only collects
 * raw headers and bytes; every decision (redaction, masking, caps, schema) is the policy's.
 */
import type { Span } from '@opentelemetry/api';
import type { IncomingMessage, OutgoingMessage } from 'node:http';
import { BodyCollector } from '../../src/network/body-collector';
import type { Direction } from '../../src/network/attributes';
import { parseContentEncoding } from '../../src/network/content-type';
import type { CapturePolicy, RawBody } from '../../src/network/policy';
import { decodeBody } from './body-decode';
import type { FirstChunkListener } from './body-observer';
import { CaptureAttributes } from './capture-attributes';
import { headerMatcherOf, putHeaderAttributes, scanHeaderBlock } from './capture-headers';

/**
 * Where a side's headers are read when the exchange is recorded: an object per message, never
 * closures. With a getter closure per header (over the request and response) stored on every
 * exchange, V8's allocation-site pretenuring kicked in on the express bench: bytes promoted per
 * request went from 9.8 to 16–19 KB and scavenge time per request doubled, even with nothing
 * recorded at all. Under `--no-allocation-site-pretenuring`, or with these objects, it does not.
 */
export interface HeaderSource {
  /** The headers as a flat list, `[name, value, name, value, …]` (values: strings, numbers or lists). */
  list(): readonly unknown[];
  /** One header (`name` lower-case), as a string. */
  get(name: string): string | undefined;
  /** False when Node discards what the app writes (HEAD, 204, 304): nothing was sent, nothing is recorded. */
  sendsBody(): boolean;
}

class Side implements FirstChunkListener {
  headers: HeaderSource | undefined = undefined;
  constructor(
    readonly collector: BodyCollector,
    private readonly policy: CapturePolicy,
  ) {}

  /** Called when the content type is known: binary and multipart bodies are only counted. */
  decide(): void {
    try {
      if (!this.policy.wantsBody(this.headers?.get('content-type'))) this.collector.countOnly();
    } catch {
      // keep collecting; the policy decides again at the end
    }
  }

  firstChunk(): void {
    this.decide();
  }
}

export class ExchangeCapture {
  readonly request: Side;
  readonly response: Side;

  constructor(
    readonly policy: CapturePolicy,
    readonly url: string,
    readonly method: string,
  ) {
    this.request = new Side(new BodyCollector(policy.collectBytes), policy);
    this.response = new Side(new BodyCollector(policy.collectBytes), policy);
  }

  /**
   * Records headers and bodies on the span. Synchronous unless a body must be decompressed; the
   * caller ends the span when the returned promise settles (it never rejects).
   */
  record(span: Span): Promise<void> | undefined {
    const out = new CaptureAttributes(span);
    let pending: Promise<void>[] | undefined;
    for (const direction of ['request', 'response'] as const) {
      try {
        const p = this.recordSide(span, out, direction);
        if (p) (pending ??= []).push(p);
      } catch {
        // Capture must never break the span or the app.
      }
    }
    out.flush();
    return pending && Promise.all(pending).then(() => undefined);
  }

  private recordSide(span: Span, out: CaptureAttributes, direction: Direction): Promise<void> | undefined {
    const side = this[direction];
    const { collector, headers } = side;
    if (headers) putHeaderAttributes(direction, headers.list(), headerMatcherOf(this.policy), out);
    // No body (GET, 204, HEAD, …): nothing to say beyond the headers.
    if (collector.total === 0 || headers?.sendsBody() === false) return undefined;
    const contentType = headers?.get('content-type');
    const encoding = parseContentEncoding(headers?.get('content-encoding'));
    // One object literal with every field, never a spread of a shared base: V8 makes a spread that
    // then overrides a field a slow dictionary object, and that was most of what recording cost.
    const raw: RawBody = {
      direction,
      url: this.url,
      method: this.method,
      contentType,
      bytes: undefined,
      text: undefined,
      totalBytes: collector.total,
      complete: collector.complete,
      cut: false,
      undecodable: false,
    };
    if (encoding === 'identity' || !this.policy.wantsBody(contentType)) {
      // A body kept as text (written as strings, or ASCII chunks) goes to the policy as text: no decoding of our own encoding.
      raw.text = collector.wholeText;
      if (raw.text === undefined) {
        raw.bytes = collector.bytes();
        raw.cut = collector.total > raw.bytes.byteLength;
      }
      putAll(out, this.policy.body(raw));
      return undefined;
    }
    if (encoding === 'unsupported') {
      raw.bytes = new Uint8Array();
      raw.undecodable = true;
      putAll(out, this.policy.body(raw));
      return undefined;
    }
    const inputCut = collector.total > collector.limit;
    return decodeBody(collector.bytes(), encoding, this.policy.collectBytes).then((decoded) => {
      raw.bytes = decoded.bytes;
      raw.cut = decoded.cut || inputCut;
      raw.complete &&= !decoded.cut && !inputCut;
      raw.undecodable = decoded.failed;
      // Later than the others, so its own attribute writer (the span's count may have moved).
      const late = new CaptureAttributes(span);
      putAll(late, this.policy.body(raw));
      late.flush();
    });
  }
}

function putAll(out: CaptureAttributes, attributes: Record<string, string | number | boolean>): void {
  for (const key in attributes) out.put(key, attributes[key]!);
}

/** An incoming message's headers, as Node parsed them. */
export class IncomingHeaders implements HeaderSource {
  constructor(private readonly message: IncomingMessage) {}

  list(): readonly unknown[] {
    return this.message.rawHeaders;
  }

  get(name: string): string | undefined {
    const v = this.message.headers[name];
    return Array.isArray(v) ? v.join(', ') : v;
  }

  sendsBody(): boolean {
    return true;
  }
}

/**
 * An outgoing message's headers as written on the wire (`_header`, with what Node adds: date,
 * connection, content-length, …), else as set so far. The written block is scanned once per
 * exchange and kept here, on the exchange's own object (no WeakMap entry per message).
 */
export class OutgoingHeaders implements HeaderSource {
  private block: string | undefined;
  private scanned: string[] = [];

  constructor(private readonly message: OutgoingMessage) {}

  list(): readonly unknown[] {
    const block = (this.message as { _header?: unknown })._header;
    if (typeof block === 'string' && block !== '') {
      if (block !== this.block) {
        this.block = block;
        this.scanned = scanHeaderBlock(block);
      }
      return this.scanned;
    }
    const flat: unknown[] = [];
    const set = this.message.getHeaders();
    for (const name in set) flat.push(name, set[name]);
    return flat;
  }

  sendsBody(): boolean {
    return (this.message as { _hasBody?: boolean })._hasBody !== false;
  }

  /** One header (`name` lower-case), from the API or the written block. */
  get(name: string): string | undefined {
    const v = this.message.getHeader(name);
    if (v !== undefined) return Array.isArray(v) ? v.join(', ') : String(v);
    const flat = this.list();
    // The length first: most names differ in it, and then no lower-cased copy is made.
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const k = flat[i] as string;
      if (k.length === name.length && k.toLowerCase() === name) return String(flat[i + 1]);
    }
    return undefined;
  }
}
