/**
 * Parsers for single configuration values. Each accepts what a user may write in code or in an
 * environment variable and returns the value or a description of what was expected, which the
 * resolver turns into one readable message. Pure: no I/O, no globals.
 */
export type Parsed<T> = { value: T } | { expected: string };
export type Parser<T> = (raw: unknown) => Parsed<T>;

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

/** true/false/1/0/yes/no/on/off in any case; never `Boolean("false") === true`. */
export const parseBoolean: Parser<boolean> = (raw) => {
  if (typeof raw === 'boolean') return { value: raw };
  const word = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim().toLowerCase() : undefined;
  if (word !== undefined && TRUE_WORDS.has(word)) return { value: true };
  if (word !== undefined && FALSE_WORDS.has(word)) return { value: false };
  return { expected: 'true or false (also 1/0, yes/no, on/off)' };
};

export const parsePositiveInteger: Parser<number> = (raw) => {
  const n = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof n === 'number' && Number.isSafeInteger(n) && n > 0) return { value: n };
  return { expected: 'a positive integer' };
};

/** A count that may be zero (a count limit of 0 keeps none). */
export const parseNonNegativeInteger: Parser<number> = (raw) =>
  raw === 0 || (typeof raw === 'string' && /^\s*0+\s*$/.test(raw)) ? { value: 0 } : 'value' in parsePositiveInteger(raw) ? parsePositiveInteger(raw) : { expected: 'a non-negative integer' };

/**
 * Longest delay a JavaScript timer takes (2^31 - 1 ms, ~24.8 days). Node turns a longer one into
 * 1 ms (TimeoutOverflowWarning): a huge `OTEL_BSP_SCHEDULE_DELAY` would export every millisecond.
 */
export const MAX_TIMER_MILLIS = 2_147_483_647;

/** A delay or timeout that feeds a timer: a positive integer no larger than MAX_TIMER_MILLIS. */
export const parseTimerMillis: Parser<number> = (raw) => {
  const parsed = parsePositiveInteger(raw);
  return 'value' in parsed && parsed.value <= MAX_TIMER_MILLIS ? parsed : { expected: `a positive integer up to ${MAX_TIMER_MILLIS}` };
};

export const parseRatio: Parser<number> = (raw) => {
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof n === 'number' && n >= 0 && n <= 1) return { value: n };
  return { expected: 'a number between 0 and 1' };
};

export const parseNonEmptyString: Parser<string> = (raw) =>
  typeof raw === 'string' && raw.trim() !== '' ? { value: raw.trim() } : { expected: 'a non-empty string' };

export function parseOneOf<T extends string>(choices: readonly T[]): Parser<T> {
  return (raw) => {
    const word = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
    const hit = choices.find((c) => c.toLowerCase() === word);
    return hit ? { value: hit } : { expected: `one of ${choices.join(', ')}` };
  };
}

/** An absolute http(s) URL. `URL` is a language-level global in browsers and Node alike. */
export const parseHttpUrl: Parser<string> = (raw) => {
  if (typeof raw !== 'string') return { expected: 'an absolute http(s) URL' };
  try {
    const url = new URL(raw.trim());
    if (url.protocol === 'http:' || url.protocol === 'https:') return { value: url.href };
  } catch {
    // fall through to the message
  }
  return { expected: 'an absolute http(s) URL' };
};

/**
 * `k1=v1,k2=v2` as in `OTEL_EXPORTER_OTLP_HEADERS` and `OTEL_RESOURCE_ATTRIBUTES`: values are
 * percent-decoded (W3C baggage octets). Malformed pairs are skipped and reported, the rest kept.
 */
export function parseKeyValueList(raw: string): { entries: Record<string, string>; bad: string[] } {
  const entries: Record<string, string> = {};
  const bad: string[] = [];
  for (const pair of raw.split(',')) {
    if (pair.trim() === '') continue;
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq).trim() : '';
    if (!key) {
      bad.push(pair.trim());
      continue;
    }
    try {
      entries[key] = decodeURIComponent(pair.slice(eq + 1).trim());
    } catch {
      bad.push(key);
    }
  }
  return { entries, bad };
}

export const isPlainObject = (raw: unknown): raw is Record<string, unknown> =>
  typeof raw === 'object' && raw !== null && !Array.isArray(raw) && !(raw instanceof RegExp);
