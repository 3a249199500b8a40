/**
 * Header redaction and header attributes. A sensitive header is still recorded (its presence is
 * useful when debugging auth), but only as {@link REDACTED}, never its value.
 */
import { headerKey, type Direction } from './attributes';
import { MAX_HEADER_VALUE_CHARS, MAX_HEADERS, REDACTED } from './limits';

/** Always redacted, whatever the configuration says. */
export const DEFAULT_REDACTED_HEADERS: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-auth-token',
  'x-csrf-token',
  'x-xsrf-token',
];

/**
 * Names that look like they carry credentials: `x-session-id`, `x-amz-security-token`,
 * `x-goog-api-key`, `x-hub-signature`, … (`auth` covers authorization/authentication).
 */
export const SENSITIVE_HEADER_PATTERN = /token|secret|passw(or)?d|session|auth|api[-_]?key|credential|signature|private/i;

export type HeaderMatcher = (lowercaseName: string) => boolean;

/** A matcher for the defaults plus the user's names (exact, case-insensitive) and patterns. */
export function headerRedactor(extra: readonly (string | RegExp)[] = []): HeaderMatcher {
  const names = new Set(DEFAULT_REDACTED_HEADERS);
  const patterns: RegExp[] = [SENSITIVE_HEADER_PATTERN];
  for (const e of extra) {
    if (typeof e === 'string') names.add(e.trim().toLowerCase());
    else patterns.push(e);
  }
  // Apps send the same few dozen names over and over: decide each once (bounded, so a peer sending
  // random names cannot grow it), instead of running every pattern on every header of every request.
  const decided = new Map<string, boolean>();
  return (name) => {
    let sensitive = decided.get(name);
    if (sensitive === undefined) {
      sensitive = names.has(name) || patterns.some((p) => testPattern(p, name));
      if (decided.size < MAX_REMEMBERED_HEADER_NAMES) decided.set(name, sensitive);
    }
    return sensitive;
  };
}

/** Header names whose redaction decision is remembered per policy. */
const MAX_REMEMBERED_HEADER_NAMES = 512;

/** A user's `/g` or `/y` RegExp keeps `lastIndex` between calls; reset it so every test starts fresh. */
function testPattern(pattern: RegExp, value: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(value);
}

/** Header values as runtimes hand them over: one string, a list, a number (Node), or nothing. */
export type RawHeaderValue = string | number | readonly string[] | undefined | null;

/**
 * Per direction, each raw header name as peers send it (`Content-Type`, ` accept`) → its lower-case
 * name and attribute key (`null`: an empty name). The same few dozen names come on every exchange;
 * building and hashing a fresh key string for each was most of the time capture spent on headers.
 * Bounded like the redactor's decisions, so a peer sending random names cannot grow it.
 */
const headerNames = { request: new Map<string, [key: string, name: string] | null>(), response: new Map<string, [key: string, name: string] | null>() };

/** A raw header name's attribute key and lower-case name, or null for an empty name (remembered per direction). */
export function namedHeader(direction: Direction, rawName: string): [key: string, name: string] | null {
  const names = headerNames[direction];
  let named = names.get(rawName);
  if (named === undefined) {
    const name = rawName.trim().toLowerCase();
    named = name ? [headerKey(direction, name), name] : null;
    if (names.size < MAX_REMEMBERED_HEADER_NAMES) names.set(rawName, named);
  }
  return named;
}

/** A header value as recorded: REDACTED when sensitive, else cut at {@link MAX_HEADER_VALUE_CHARS}. */
export const headerValue = (v: string, sensitive: boolean) => (sensitive ? REDACTED : v.length > MAX_HEADER_VALUE_CHARS ? v.slice(0, MAX_HEADER_VALUE_CHARS) : v);

/**
 * `http.<direction>.header.<name>` → string[] for every header, sensitive ones as `[REDACTED]`.
 * Names are lower-cased and merged (`Accept` and `accept` are one header); at most {@link MAX_HEADERS}
 * names; each value cut at {@link MAX_HEADER_VALUE_CHARS}.
 */
export function headerAttributes(
  direction: Direction,
  headers: Iterable<readonly [string, RawHeaderValue]>,
  isSensitive: HeaderMatcher,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  let count = 0;
  for (const [rawName, rawValue] of headers) {
    if (rawValue == null) continue;
    const named = namedHeader(direction, rawName);
    if (!named) continue;
    const [key, name] = named;
    let list = out[key];
    if (!list) {
      if (count >= MAX_HEADERS) continue;
      count++;
      list = out[key] = [];
    }
    const sensitive = isSensitive(name);
    for (const v of Array.isArray(rawValue) ? (rawValue as readonly string[]) : [String(rawValue)]) {
      list.push(headerValue(v, sensitive));
    }
  }
  return out;
}

/** Node's `rawHeaders` / undici's header arrays: `[name, value, name, value, …]`, as pairs (an array, not a generator: this runs per captured exchange). */
export function pairsOf(flat: readonly unknown[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([String(flat[i]), String(flat[i + 1])]);
  return pairs;
}

/**
 * A raw HTTP/1 header block as written on the wire (`GET / HTTP/1.1\r\nName: value\r\n…`):
 * the start line is skipped, folded or malformed lines are ignored. An array, not a generator:
 * this runs per captured exchange.
 */
export function parseHeaderBlock(block: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const line of block.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) pairs.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  return pairs;
}
