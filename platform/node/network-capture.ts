/**
 * One HTTP exchange's capture in Node: the collectors for both bodies, and the step that turns
 * what was seen into attributes through the core policy (src/network). Platform code only collects
 * raw headers and bytes; every decision (redaction, masking, caps, schema) is the policy's.
 */
import type { Attributes, Span } from '@opentelemetry/api';
import type { OutgoingMessage } from 'node:http';
import { BodyCollector } from '../../src/network/body-collector';
import type { Direction } from '../../src/network/attributes';
import { parseContentEncoding } from '../../src/network/content-type';
import { parseHeaderBlock, type RawHeaderValue } from '../../src/network/headers';
import type { CapturePolicy, RawBody } from '../../src/network/policy';
import { decodeBody } from './body-decode';

export type HeaderSource = () => Iterable<readonly [string, RawHeaderValue]>;

interface Side {
  collector: BodyCollector;
  headers?: HeaderSource;
  contentType?: () => string | undefined;
  contentEncoding?: () => string | undefined;
  /** False when Node discards what the app writes (HEAD, 204, 304): nothing was sent, nothing is recorded. */
  sendsBody?: () => boolean;
}

export class ExchangeCapture {
  readonly request: Side;
  readonly response: Side;

  constructor(
    readonly policy: CapturePolicy,
    readonly url: string,
    readonly method: string,
  ) {
    this.request = { collector: new BodyCollector(policy.collectBytes) };
    this.response = { collector: new BodyCollector(policy.collectBytes) };
  }

  /** Called when a side's content type is known: binary and multipart bodies are only counted. */
  decide(direction: Direction): void {
    const side = this[direction];
    try {
      if (!this.policy.wantsBody(side.contentType?.())) side.collector.countOnly();
    } catch {
      // keep collecting; the policy decides again at the end
    }
  }

  /**
   * Records headers and bodies on the span. Synchronous unless a body must be decompressed; the
   * caller ends the span when the returned promise settles (it never rejects).
   */
  record(span: Span): Promise<void> | undefined {
    const pending: Promise<void>[] = [];
    for (const direction of ['request', 'response'] as const) {
      try {
        const p = this.recordSide(span, direction);
        if (p) pending.push(p);
      } catch {
        // Capture must never break the span or the app.
      }
    }
    return pending.length ? Promise.all(pending).then(() => undefined) : undefined;
  }

  private recordSide(span: Span, direction: Direction): Promise<void> | undefined {
    const side = this[direction];
    if (side.headers) span.setAttributes(this.policy.headers(direction, side.headers()));
    const { collector } = side;
    // No body (GET, 204, HEAD, …): nothing to say beyond the headers.
    if (collector.total === 0 || side.sendsBody?.() === false) return undefined;
    const contentType = side.contentType?.();
    const encoding = parseContentEncoding(side.contentEncoding?.());
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
      // One string the app wrote whole goes to the policy as text: no decoding of our own encoding.
      raw.text = collector.wholeText;
      if (raw.text === undefined) {
        raw.bytes = collector.bytes();
        raw.cut = collector.total > raw.bytes.byteLength;
      }
      span.setAttributes(this.policy.body(raw));
      return undefined;
    }
    if (encoding === 'unsupported') {
      raw.bytes = new Uint8Array();
      raw.undecodable = true;
      span.setAttributes(this.policy.body(raw));
      return undefined;
    }
    const inputCut = collector.total > collector.limit;
    return decodeBody(collector.bytes(), encoding, this.policy.collectBytes).then((decoded) => {
      raw.bytes = decoded.bytes;
      raw.cut = decoded.cut || inputCut;
      raw.complete &&= !decoded.cut && !inputCut;
      raw.undecodable = decoded.failed;
      span.setAttributes(this.policy.body(raw));
    });
  }
}

/** The written header block of a message, parsed once: capture asks for it up to four times. */
const parsedBlocks = new WeakMap<OutgoingMessage, { block: string; pairs: [string, string][] }>();

/** Headers of an outgoing message as written on the wire (`_header`), else as set so far. */
export function outgoingHeaders(message: OutgoingMessage): Iterable<readonly [string, RawHeaderValue]> {
  const block = (message as { _header?: unknown })._header;
  if (typeof block === 'string' && block !== '') {
    const parsed = parsedBlocks.get(message);
    if (parsed?.block === block) return parsed.pairs;
    const pairs = parseHeaderBlock(block);
    parsedBlocks.set(message, { block, pairs });
    return pairs;
  }
  return Object.entries(message.getHeaders()) as [string, RawHeaderValue][];
}

/** One header of an outgoing message, from the API or the written header block. */
export function outgoingHeader(message: OutgoingMessage, name: string): string | undefined {
  const v = message.getHeader(name);
  if (v !== undefined) return Array.isArray(v) ? v.join(', ') : String(v);
  // The length first: most names differ in it, and then no lower-cased copy is made.
  for (const [k, value] of outgoingHeaders(message)) if (k.length === name.length && k.toLowerCase() === name) return String(value);
  return undefined;
}
