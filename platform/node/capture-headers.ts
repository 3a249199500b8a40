/**
 * Header attributes for Node's capture, from flat header lists (`[name, value, name, value, …]`:
 * an IncomingMessage's `rawHeaders`, or an outgoing message's written header block scanned into
 * one), put straight on the span: no pair per header and no record per side, which the shared
 * iterable-of-pairs path (src/network/headers.ts headerAttributes) costs on every exchange. The
 * rules are that function's, through its own pieces (namedHeader, headerValue): names
 * lower-cased, trimmed and merged, at most MAX_HEADERS names, values cut, sensitive ones REDACTED.
 */
import type { Direction } from '../../src/network/attributes';
import { headerKey } from '../../src/network/attributes';
import { headerValue, namedHeader, type HeaderMatcher } from '../../src/network/headers';
import { MAX_HEADERS, REDACTED } from '../../src/network/limits';
import type { CapturePolicy } from '../../src/network/policy';
import type { CaptureAttributes } from './capture-attributes';

/** Lower-case header names whose redaction decision is remembered, per policy. */
const MAX_REMEMBERED_HEADER_NAMES = 512;

const matchers = new WeakMap<CapturePolicy, HeaderMatcher>();

/**
 * The policy's redaction rule (defaults plus the user's names and patterns), read through its own
 * `headers()` once per lower-case name and remembered: the same decision as the shared path, with
 * nothing added to the policy object, which the browser's script tag shares.
 */
export function headerMatcherOf(policy: CapturePolicy): HeaderMatcher {
  let matcher = matchers.get(policy);
  if (!matcher) {
    const decided = new Map<string, boolean>();
    matcher = (name) => {
      let sensitive = decided.get(name);
      if (sensitive === undefined) {
        sensitive = policy.headers('request', [[name, '-']])[headerKey('request', name)]?.[0] === REDACTED;
        if (decided.size < MAX_REMEMBERED_HEADER_NAMES) decided.set(name, sensitive);
      }
      return sensitive;
    };
    matchers.set(policy, matcher);
  }
  return matcher;
}

/** Puts `http.<direction>.header.<name>` → string[] for every header of `flat` on `out`. */
export function putHeaderAttributes(direction: Direction, flat: readonly unknown[], isSensitive: HeaderMatcher, out: CaptureAttributes): void {
  // [key, list, key, list, …] in first-seen order: a linear search finds a repeated name (rare, and at most MAX_HEADERS).
  const lists: (string | string[])[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const rawValue = flat[i + 1];
    if (rawValue == null) continue;
    const named = namedHeader(direction, String(flat[i]));
    if (!named) continue;
    const [key, name] = named;
    let list: string[] | undefined;
    for (let j = 0; j < lists.length; j += 2) {
      if (lists[j] === key) {
        list = lists[j + 1] as string[];
        break;
      }
    }
    const sensitive = isSensitive(name);
    if (list) {
      // The same name again (`Accept` after `accept`): merged, as one header.
      if (Array.isArray(rawValue)) for (const v of rawValue as readonly unknown[]) list.push(headerValue(String(v), sensitive));
      else list.push(headerValue(String(rawValue), sensitive));
      continue;
    }
    if (lists.length >= 2 * MAX_HEADERS) continue;
    // Built at its final length: an array grown by push() holds room for 17 values, and these
    // stay on the span until it is exported.
    lists.push(key, Array.isArray(rawValue) ? (rawValue as readonly unknown[]).map((v) => headerValue(String(v), sensitive)) : [headerValue(String(rawValue), sensitive)]);
  }
  for (let j = 0; j < lists.length; j += 2) out.put(lists[j] as string, lists[j + 1] as string[]);
}

/**
 * A header block as written on the wire (`HTTP/1.1 200 OK\r\nName: value\r\n…`) as a flat list,
 * read in place (no split into lines): the start line is skipped, lines without a name and colon
 * ignored, values trimmed; as src/network/headers.ts parseHeaderBlock reads it.
 */
export function scanHeaderBlock(block: string): string[] {
  const flat: string[] = [];
  let at = block.indexOf('\r\n');
  if (at === -1) return flat;
  at += 2;
  while (at <= block.length) {
    let end = block.indexOf('\r\n', at);
    if (end === -1) end = block.length;
    const colon = block.indexOf(':', at);
    if (colon > at && colon < end) flat.push(block.slice(at, colon), block.slice(colon + 1, end).trim());
    at = end + 2;
  }
  return flat;
}
