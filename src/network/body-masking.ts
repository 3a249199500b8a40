/**
 * Masking values of sensitive keys in recorded bodies, so a login request still shows its shape
 * (`{"user":"ann","password":"[REDACTED]"}`) instead of being thrown away. JSON that parses is
 * masked structurally (the whole value of a sensitive key, even an object); JSON cut by the cap
 * cannot be parsed, so it is masked token by token. Form bodies are masked per field.
 */
import { isFormContentType, isJsonContentType } from './content-type';
import { REDACTED } from './limits';

/** Key names whose values are masked: matched as substrings, case-insensitively, ignoring `-`/`_`. */
export const DEFAULT_SENSITIVE_BODY_KEYS: readonly string[] = [
  'password',
  'passwd',
  'pwd',
  'secret',
  'token',
  'apikey',
  'authorization',
  'auth',
  'credential',
  'cookie',
  'session',
  'ssn',
  'creditcard',
  'cardnumber',
  'cvv',
  'cvc',
  'pin',
  'privatekey',
  'otp',
];

export interface KeyMatcher {
  (key: string): boolean;
  /**
   * False when `text` cannot contain a sensitive key, so most bodies skip parsing. Over-inclusive
   * by design; text with `\u` escapes (which could spell a key) always answers true.
   */
  mayContain(text: string): boolean;
}

/** Distinct key names remembered per matcher: API payloads repeat the same few keys. */
const KEY_CACHE_SIZE = 2_048;

/** Short keys (`pin`, `otp`, `ssn`, `pwd`, `cvv`, `cvc`) match whole names only: `spinner` and `shipping` are not secrets. */
const WHOLE_WORD_MAX = 3;

export function bodyKeyMatcher(extra: readonly string[] = []): KeyMatcher {
  const norm = (k: string) => k.toLowerCase().replace(/[-_\s.]/g, '');
  const keys = [...DEFAULT_SENSITIVE_BODY_KEYS, ...extra.map(norm)].filter(Boolean);
  const whole = new Set(keys.filter((k) => k.length <= WHOLE_WORD_MAX));
  const parts = keys.filter((k) => k.length > WHOLE_WORD_MAX);
  const cache = new Map<string, boolean>();
  const anyKey = new RegExp(prefixAlternation(keys));
  const matcher = ((key: string) => {
    let hit = cache.get(key);
    if (hit === undefined) {
      const k = norm(key);
      hit = whole.has(k) || parts.some((p) => k.includes(p));
      if (cache.size >= KEY_CACHE_SIZE) cache.clear();
      cache.set(key, hit);
    }
    return hit;
  }) as KeyMatcher;
  matcher.mayContain = (text) => text.includes('\\u') || text.includes('%') || anyKey.test(text);
  return matcher;
}

/**
 * The keys as one alternation factored by shared prefixes, a separator allowed between letters and
 * each letter in both cases: `[pP][-_\s.+]?(?:[aA]…|[wW]…|[iI]…)`. Tried at every position of every
 * captured body, a flat list of keys made the engine attempt each key in turn (~4 µs per 1 KiB
 * body, the costliest regex of a captured request); factored, it follows one branch per letter.
 * Spelled-out cases instead of the `i` flag halve it again (3.2 → 1.4 µs per pair of the bench's
 * bodies): V8 folds case at every character it tries under `i`. A key that another key starts with
 * (`auth`, `authorization`) ends the branch: finding the shorter one is enough.
 */
function prefixAlternation(keys: readonly string[]): string {
  const rests: Record<string, string[]> = {};
  for (const k of keys) (rests[k[0]!] = rests[k[0]!] || []).push(k.slice(1));
  return `(?:${Object.keys(rests)
    .map((c) => keyChar(c) + (rests[c]!.includes('') ? '' : `[-_\\s.+]?${prefixAlternation(rests[c]!)}`))
    .join('|')})`;
}

/** One character of a key as a pattern: a letter in both cases (`[pP]`), anything else escaped. */
function keyChar(c: string): string {
  const upper = c.toUpperCase();
  return upper !== c ? `[${c}${upper}]` : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Masks a body of the given content type; text of other types is returned unchanged. */
export function maskBody(text: string, contentType: string | undefined, complete: boolean, isSensitive: KeyMatcher): string {
  if (!isSensitive.mayContain(text)) return text;
  if (isFormContentType(contentType)) return maskForm(text, isSensitive);
  if (isJsonContentType(contentType) || (!contentType && /^\s*[[{]/.test(text))) {
    if (complete) {
      const masked = maskJsonStructurally(text, isSensitive);
      if (masked !== undefined) return masked;
    }
    return maskJsonTokens(text, isSensitive);
  }
  return text;
}

function maskJsonStructurally(text: string, isSensitive: KeyMatcher): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  let changed = false;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, inner] of Object.entries(v)) {
        if (isSensitive(k) && inner !== null && inner !== '') {
          out[k] = REDACTED;
          changed = true;
        } else out[k] = walk(inner);
      }
      return out;
    }
    return v;
  };
  const masked = walk(value);
  // Unchanged bodies keep their original formatting, byte for byte.
  return changed ? JSON.stringify(masked) : text;
}

/**
 * For JSON that does not parse (cut by the cap): `"key": <scalar>` pairs with a sensitive key get
 * the scalar replaced; a string cut in the middle is masked up to the end. Objects and arrays under
 * a sensitive key are left to their own keys, as the structure is unknown.
 */
const JSON_PAIR = /("(?:[^"\\]|\\.)*")(\s*:\s*)("(?:[^"\\]|\\.)*(?:"|$)|-?\d[\d.eE+-]*|true|false)/g;

function maskJsonTokens(text: string, isSensitive: KeyMatcher): string {
  return text.replace(JSON_PAIR, (whole, rawKey: string, colon: string, value: string) => {
    let key: string;
    try {
      key = JSON.parse(rawKey) as string;
    } catch {
      return whole;
    }
    return isSensitive(key) && value !== '""' ? `${rawKey}${colon}"${REDACTED}"` : whole;
  });
}

function maskForm(text: string, isSensitive: KeyMatcher): string {
  return text
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq <= 0) return pair;
      let key: string;
      try {
        key = decodeURIComponent(pair.slice(0, eq).replace(/\+/g, ' '));
      } catch {
        key = pair.slice(0, eq);
      }
      return isSensitive(key) && eq < pair.length - 1 ? `${pair.slice(0, eq)}=${encodeURIComponent(REDACTED)}` : pair;
    })
    .join('&');
}
