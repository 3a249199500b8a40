/**
 * The capture policy: one object, built from the resolved configuration, that platforms ask
 * "may I capture this URL?" and hand raw headers and bytes to. It decides everything else
 * (redaction, classification, masking, caps, the hook) and builds the attributes, so both
 * platforms produce the same schema from the same rules.
 */
import { bodyKey, bodySizeKey, bodySkippedKey, bodyTruncatedKey, type Direction } from './attributes';
import { bodyKeyMatcher, maskBody, type KeyMatcher } from './body-masking';
import { classifyContentType } from './content-type';
import { headerAttributes, headerRedactor, type HeaderMatcher, type RawHeaderValue } from './headers';
import type { NetworkCaptureSettings } from './settings';
import { urlFilter } from './url-filter';
import { capStringUtf8, decodeUtf8Capped } from './utf8';

export { DEFAULT_NETWORK_CAPTURE, type BodyHook, type BodyHookInfo, type NetworkCaptureSettings } from './settings';

/** Raw material for one body, as a platform collected it. */
export interface RawBody {
  direction: Direction;
  url: string;
  method: string;
  contentType: string | undefined;
  /** Bytes as they appeared on the wire (what fetch and Node hand over). */
  bytes?: Uint8Array;
  /** Or the body as the app holds it, already text (a string request body, an XHR `responseText`): never encoded to be decoded again. */
  text?: string;
  /** Bytes seen in total (wire size), when known. */
  totalBytes?: number;
  /** The body ended normally and every byte up to the cap was seen. */
  complete: boolean;
  /** The collector (or decoder) stopped keeping bytes before the body ended. */
  cut?: boolean;
  /** Set when the platform could not decode the content-encoding: no text is recorded. */
  undecodable?: boolean;
}

export interface CapturePolicy {
  /** Bytes a platform should keep per body: the cap plus slack so a UTF-8 cut never loses a whole character. */
  readonly collectBytes: number;
  shouldCapture(url: string): boolean;
  headers(direction: Direction, headers: Iterable<readonly [string, RawHeaderValue]>): Record<string, string[]>;
  /** Whether body bytes are worth collecting at all for this content type. */
  wantsBody(contentType: string | undefined): boolean;
  body(raw: RawBody): Record<string, string | number | boolean>;
}

/** UTF-8 characters are at most 4 bytes: keeping 3 more than the cap lets the cut land on a boundary. */
const UTF8_SLACK_BYTES = 3;

export function createCapturePolicy(settings: NetworkCaptureSettings, exportUrls: readonly string[] = []): CapturePolicy {
  const isSensitiveHeader: HeaderMatcher = headerRedactor(settings.redactHeaders);
  const isSensitiveKey: KeyMatcher = bodyKeyMatcher(settings.redactBodyKeys);
  const ownExports = exportUrls.filter(Boolean);
  const allowed = urlFilter(settings.allowUrls, settings.denyUrls);
  const max = settings.maxBodyBytes;

  return {
    collectBytes: max + UTF8_SLACK_BYTES,
    // Our own OTLP exports are never captured, even when someone un-suppresses their tracing.
    shouldCapture: (url) => !ownExports.some((u) => url.startsWith(u)) && allowed(url),
    headers: (direction, headers) => headerAttributes(direction, headers, isSensitiveHeader),
    wantsBody: (contentType) => classifyContentType(contentType) === 'text',
    body(raw) {
      const { direction } = raw;
      const attrs: Record<string, string | number | boolean> = {};
      if (raw.totalBytes !== undefined) attrs[bodySizeKey(direction)] = raw.totalBytes;
      const kind = classifyContentType(raw.contentType);
      if (kind !== 'text') {
        attrs[bodySkippedKey(direction)] = kind;
        return attrs;
      }
      if (raw.undecodable) {
        attrs[bodySkippedKey(direction)] = 'encoding';
        return attrs;
      }
      if (raw.totalBytes === 0 && !(raw.text || raw.bytes?.byteLength)) return attrs;
      const cut = raw.text !== undefined ? capStringUtf8(raw.text, max) : decodeUtf8Capped(raw.bytes ?? new Uint8Array(), max);
      let truncated = cut.truncated || !!raw.cut;
      let text = maskBody(cut.text, raw.contentType, raw.complete && !truncated, isSensitiveKey);
      if (settings.bodyHook) {
        let hooked: string | null | undefined;
        try {
          hooked = settings.bodyHook(text, { direction, url: raw.url, method: raw.method, contentType: raw.contentType });
        } catch {
          hooked = null;
        }
        if (hooked === null || (hooked !== undefined && typeof hooked !== 'string')) {
          attrs[bodySkippedKey(direction)] = 'hook';
          return attrs;
        }
        if (hooked !== undefined) {
          const capped = capStringUtf8(hooked, max);
          text = capped.text;
          truncated ||= capped.truncated;
        }
      }
      attrs[bodyKey(direction)] = text;
      if (truncated) attrs[bodyTruncatedKey(direction)] = true;
      return attrs;
    },
  };
}
