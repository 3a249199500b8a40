/**
 * The parts of resolveConfig that only environment variables reach: exporter lists
 * (`OTEL_<SIGNAL>_EXPORTER`), `name=value` lists (`OTEL_EXPORTER_OTLP_*HEADERS`,
 * `OTEL_RESOURCE_ATTRIBUTES`), comma lists (`HYPERDX_NETWORK_CAPTURE_*`) and the env-only readings
 * of `DEBUG` and `OTEL_SEMCONV_STABILITY_OPT_IN`. A runtime with an
 * environment hands them in (`RuntimeDefaults.env`, as ./resolve's NODE_RUNTIME does); one
 * without (browsers: readEnv returns {}) leaves them out, and the script tag carries none of this.
 */
import { parseBoolean, parseKeyValueList, type Parser } from './parse';

/** One rejected env value: the same callback resolveConfig uses for every other setting. */
export type EnvWarn = (expected: string, outcome: string) => void;

const SIGNAL_EXPORTERS = ['otlp', 'console', 'none'];

const entries = (n: number) => `${n} malformed entr${n === 1 ? 'y' : 'ies'}`;

export const ENV_READERS = {
  /** `otlp,console,none`: undefined when no known name is listed (the default then stands). */
  exporters(raw: string, warn: EnvWarn): { otlp: boolean; console: boolean } | undefined {
    const names = raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    const unknown = names.filter((n) => !SIGNAL_EXPORTERS.includes(n));
    const known = names.filter((n) => !unknown.includes(n));
    if (unknown.length) warn(`a list of ${SIGNAL_EXPORTERS.join(', ')}`, known.length ? `ignoring ${unknown.join(', ')}` : 'using otlp');
    return known.length ? { otlp: known.includes('otlp'), console: known.includes('console') } : undefined;
  },
  /** `k=v,k2=v2`; malformed entries are dropped with one message. */
  keyValues(raw: string, what: 'name' | 'key', warn: EnvWarn): Record<string, string> {
    const { entries: good, bad } = parseKeyValueList(raw);
    if (bad.length) warn(`a list of ${what}=value pairs`, `ignoring ${entries(bad.length)}`);
    return good;
  },
  /**
   * `DEBUG` is shared with the `debug` npm package (`DEBUG=express:*`), so anything that is not a
   * boolean is read as a namespace list: on for `*` or a list naming us, off otherwise, never a warning.
   */
  debug: ((raw) => {
    const asBool = parseBoolean(raw);
    if ('value' in asBool) return asBool;
    const names = String(raw).split(/[\s,]+/);
    return { value: names.some((n) => n === '*' || n.startsWith('clickstack')) };
  }) as Parser<boolean>,
  /**
   * The variable is a comma list shared by every semconv domain (`http,database`): `http/dup`
   * wins over `http`; a list naming neither leaves HTTP at our default.
   */
  semconv: ((raw) => {
    const words = String(raw).split(',').map((w) => w.trim());
    return { value: words.includes('http/dup') || !words.includes('http') ? 'http/dup' : 'http' };
  }) as Parser<string>,
  /** A comma-separated list, blanks dropped. */
  list: (raw: string): string[] => raw.split(',').map((s) => s.trim()).filter(Boolean),
};

export type EnvReaders = typeof ENV_READERS;
