/**
 * The `transform` processor ClickStack runs on ordinary log records before the ClickHouse exporter
 * (pipeline logs/out-default; replay records in logs/out-rrweb skip it), as OTTL statements in
 * hyperdxio/hyperdx @ b52a6fa docker/otel-collector/config.yaml, re-expressed on the OTLP/JSON shape:
 *
 * 1. a string body's first `{...}` (one line, greedy, RE2 `.` stops at a newline) that parses as a
 *    JSON object is merged into the attributes (upsert); then every nested map/array attribute is
 *    flattened to dotted keys (`flatten(log.attributes)` runs for every record: its guard
 *    `IsMap(log.cache)` is always true); then a map body is merged in (upsert, not flattened);
 * 2. only when both severity number and text are empty: the text is taken from the first non-empty
 *    string attribute `level`/`Level`/`LEVEL`/`severity`/`Severity`/`SEVERITY`/`log.level` and
 *    mapped to a number, else inferred from the first keyword in the body's first 256 characters
 *    (default `info`);
 * 3. the severity text is lowercased.
 */
import type { AnyValue, KeyValue, OtlpLogRecord } from './clickstack-rows';

const SEVERITY = { FATAL: 21, ERROR: 17, WARN: 13, INFO: 9, DEBUG: 5, TRACE: 1 } as const;
/** OTTL's attribute names for a producer-set level, in priority order. */
const LEVEL_ATTRIBUTES = ['level', 'Level', 'LEVEL', 'severity', 'Severity', 'SEVERITY', 'log.level'];
/** How much of the body the keyword inference reads (characters). */
const INFERENCE_PREFIX_CHARS = 256;
const KEYWORD = /\b(alert|crit|emerg|fatal|error|err|warn|notice|debug|dbug|trace)/i;

function jsonToAnyValue(v: unknown): AnyValue {
  if (v === null || v === undefined) return {};
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  // OTTL ParseJSON: every JSON number becomes a double.
  if (typeof v === 'number') return { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(jsonToAnyValue) } };
  return { kvlistValue: { values: Object.entries(v as Record<string, unknown>).map(([key, value]) => ({ key, value: jsonToAnyValue(value) })) } };
}

function upsert(attrs: KeyValue[], entries: KeyValue[]): KeyValue[] {
  const out = [...attrs];
  for (const kv of entries) {
    const i = out.findIndex((a) => a.key === kv.key);
    if (i >= 0) out[i] = kv;
    else out.push(kv);
  }
  return out;
}

/** OTTL flatten: nested maps and arrays become `parent.child` / `parent.0` keys. */
function flatten(attrs: KeyValue[], prefix = ''): KeyValue[] {
  const out: KeyValue[] = [];
  for (const { key, value } of attrs) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value?.kvlistValue) out.push(...flatten(value.kvlistValue.values ?? [], name));
    else if (value?.arrayValue) out.push(...flatten((value.arrayValue.values ?? []).map((v, i) => ({ key: String(i), value: v })), name));
    else out.push({ key: name, value });
  }
  return out;
}

function numberForText(text: string): number {
  let n = 0;
  if (/alert|crit|emerg|fatal/i.test(text)) n = SEVERITY.FATAL;
  if (/error|err/i.test(text)) n = SEVERITY.ERROR;
  if (/warn|notice/i.test(text)) n = SEVERITY.WARN;
  if (/info/i.test(text)) n = SEVERITY.INFO;
  if (/debug|dbug/i.test(text)) n = SEVERITY.DEBUG;
  if (/trace/i.test(text)) n = SEVERITY.TRACE;
  return n || SEVERITY.INFO;
}

function inferFromBody(body: string): [number, string] {
  const keyword = KEYWORD.exec(body.slice(0, INFERENCE_PREFIX_CHARS))?.[1];
  if (!keyword) return [SEVERITY.INFO, 'info'];
  if (/alert|crit|emerg|fatal/i.test(keyword)) return [SEVERITY.FATAL, 'fatal'];
  if (/error|err/i.test(keyword)) return [SEVERITY.ERROR, 'error'];
  if (/warn|notice/i.test(keyword)) return [SEVERITY.WARN, 'warn'];
  if (/debug|dbug/i.test(keyword)) return [SEVERITY.DEBUG, 'debug'];
  return [SEVERITY.TRACE, 'trace'];
}

/** The record as ClickStack's transform processor leaves it (a new object; the input is not changed). */
export function clickStackLogTransform(record: OtlpLogRecord): OtlpLogRecord {
  let attributes = record.attributes ?? [];
  const body = record.body;
  if (body?.stringValue !== undefined) {
    const candidate = /\{.*\}/.exec(body.stringValue)?.[0];
    if (candidate) {
      try {
        const parsed: unknown = JSON.parse(candidate);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) attributes = upsert(attributes, jsonToAnyValue(parsed).kvlistValue!.values!);
      } catch {
        // error_mode: ignore — a body that only looks like JSON changes nothing.
      }
    }
  }
  attributes = flatten(attributes);
  if (body?.kvlistValue) attributes = upsert(attributes, body.kvlistValue.values ?? []);

  let severityNumber = Number(record.severityNumber ?? 0) || 0;
  let severityText = record.severityText ?? '';
  if (severityNumber === 0 && severityText === '') {
    const level = LEVEL_ATTRIBUTES.map((k) => attributes.find((a) => a.key === k)?.value?.stringValue).find((v) => v !== undefined && v.length > 0);
    if (level !== undefined) [severityNumber, severityText] = [numberForText(level), level];
    else [severityNumber, severityText] = inferFromBody(body?.stringValue ?? '');
  }
  return { ...record, attributes, severityNumber, severityText: severityText.toLowerCase() };
}
