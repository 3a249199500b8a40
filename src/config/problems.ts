/**
 * A configuration problem: what was wrong, where it came from, and what the SDK does instead.
 * `resolveConfig` collects these; the SDK prints each once, prefixed, and never throws.
 */
import { clip, safeJson } from '../text';

export interface ConfigProblem {
  /** Option name (`timeoutMillis`) or environment variable (`OTEL_EXPORTER_OTLP_TIMEOUT`). */
  key: string;
  source: 'option' | 'env';
  /** `warn`: a fallback is used. `error`: the affected signal (or the SDK) is switched off. */
  severity: 'warn' | 'error';
  message: string;
}

/** Keys whose values are never echoed, not even when they are invalid. */
const SECRET_KEY = /key|secret|token|password|header|authorization/i;

export function describeValue(key: string, raw: unknown): string {
  if (SECRET_KEY.test(key)) return '<redacted>';
  if (typeof raw === 'string') return `'${clip(raw, 80)}'`;
  if (raw instanceof RegExp || typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return typeof raw === 'function' ? 'a function' : safeJson(raw).slice(0, 80);
}

/** Longest outcome text kept in a message, so one bad value cannot print a page. */
const MAX_OUTCOME_CHARS = 120;

/** One message format for every problem, modelled on OpenTelemetry JS's `Configuration:` messages. */
export function formatProblem(key: string, expected: string, raw: unknown, outcome: string): string {
  return `Configuration: ${key} is invalid, expected ${expected} (actual: ${describeValue(key, raw)}); ${clip(outcome, MAX_OUTCOME_CHARS)}.`;
}
