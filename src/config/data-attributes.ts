/**
 * Options from the `data-*` attributes of the SDK's own `<script>` tag, so a page under a strict
 * Content-Security-Policy (no inline script) can configure it:
 *
 *   <script src="/clickstack-otel.global.js" data-api-key="…" data-service="web"
 *           data-url="https://otel.example.com" data-trace-propagation-targets="https://api.example.com"></script>
 *
 * Attribute names are the option names in kebab-case (`data-session-persistence`); values stay
 * strings and go through `resolveConfig`, which parses and reports them like any option. Lists
 * are separated by spaces or commas; `data-headers` and `data-resource-attributes` are `k=v,k2=v2`;
 * `data-batch-*` fill `batch` (`data-batch-scheduled-delay-millis="200"`), `data-logs-batch-*` fill
 * `logsBatch`.
 */
import type { Options } from './options';
import { parseKeyValueList } from './parse';

const LISTS = new Set(['tracePropagationTargets']);
const KEY_VALUE_LISTS = new Set(['headers', 'resourceAttributes']);
/** `data-batch-*` fill `batch`, `data-logs-batch-*` fill `logsBatch`. */
const BATCH_PREFIXES = ['batch', 'logsBatch'] as const;

/** `dataset` of the script tag (camelCased names). Undefined when it carries no configuration. */
export function optionsFromDataAttributes(dataset: Readonly<Record<string, string | undefined>>): Options | undefined {
  const options: Record<string, unknown> = {};
  const batches: Record<string, Record<string, string>> = {};
  for (const key of Object.keys(dataset)) {
    const value = dataset[key];
    if (value === undefined) continue;
    const prefix = BATCH_PREFIXES.find((p) => key.startsWith(p) && key.length > p.length && /[A-Z]/.test(key[p.length]!));
    if (LISTS.has(key)) options[key] = value.split(/[\s,]+/).filter(Boolean);
    else if (KEY_VALUE_LISTS.has(key)) options[key] = parseKeyValueList(value).entries;
    else if (prefix) {
      const rest = key.slice(prefix.length);
      (batches[prefix] ??= {})[rest[0]!.toLowerCase() + rest.slice(1)] = value;
    } else options[key] = value;
  }
  Object.assign(options, batches);
  return Object.keys(options).length ? (options as Options) : undefined;
}
