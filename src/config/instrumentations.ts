/**
 * Which library instrumentations run: the names a runtime offers, narrowed by the environment
 * variables that `@opentelemetry/auto-instrumentations-node` reads, then by the `instrumentations`
 * option. Pure, like the rest of src/config.
 *
 * - `OTEL_NODE_ENABLED_INSTRUMENTATIONS=express,pg`: only these (default: every name offered);
 * - `OTEL_NODE_DISABLED_INSTRUMENTATIONS=koa`: minus these;
 * - option `instrumentations: { pino: false, koa: true }`: per name, last word.
 * Names are case-insensitive; upstream's full package names (`@opentelemetry/instrumentation-pg`)
 * are accepted too. Unknown names are ignored and reported together in one message.
 */
import type { ConfigProblem } from './problems';
import type { EnvRecord } from './resolve';
import { isPlainObject } from './parse';
import type { Instrumentation } from './extension-types';

export const ENABLED_INSTRUMENTATIONS_ENV = 'OTEL_NODE_ENABLED_INSTRUMENTATIONS';
export const DISABLED_INSTRUMENTATIONS_ENV = 'OTEL_NODE_DISABLED_INSTRUMENTATIONS';

/** What Node offers; platform/node/libs/catalog.ts has one entry per name (checked by a test). */
export const NODE_INSTRUMENTATIONS: readonly string[] = [
  'http', 'undici', 'express', 'fastify', 'koa', 'pg', 'mysql2', 'mongodb', 'ioredis', 'redis', 'graphql', 'pino', 'winston',
];

const UPSTREAM_PREFIX = '@opentelemetry/instrumentation-';

function normalizeName(raw: string): string {
  const name = raw.trim().toLowerCase();
  return name.startsWith(UPSTREAM_PREFIX) ? name.slice(UPSTREAM_PREFIX.length) : name;
}

function splitList(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map(normalizeName).filter(Boolean);
}

/** An OpenTelemetry instrumentation instance, by the methods the SDK calls (any copy of @opentelemetry/instrumentation). */
export function isInstrumentation(v: unknown): v is Instrumentation {
  const i = v as Record<string, unknown> | null;
  return !!i && typeof i === 'object' && typeof i.enable === 'function' && typeof i.disable === 'function' && typeof i.setTracerProvider === 'function';
}

/**
 * `instrumentations` as given: one switch object, or an array of instances and switch objects
 * (merged, later keys win). Anything else is counted as `ignored` (with `wrongType` when the
 * option itself is neither an object nor an array).
 */
export function splitInstrumentations(option: unknown): { switches?: Record<string, unknown>; instances: Instrumentation[]; ignored: number; wrongType: boolean } {
  const instances: Instrumentation[] = [];
  if (option === undefined || isPlainObject(option)) return { switches: option, instances, ignored: 0, wrongType: false };
  if (!Array.isArray(option)) return { instances, ignored: 1, wrongType: true };
  let switches: Record<string, unknown> | undefined;
  let ignored = 0;
  for (const entry of option) {
    if (isInstrumentation(entry)) instances.push(entry);
    else if (isPlainObject(entry)) switches = { ...switches, ...entry };
    else ignored++;
  }
  return { switches, instances, ignored, wrongType: false };
}

export const INSTRUMENTATIONS_EXPECTED = 'instrumentation instances and/or objects of name → true/false (e.g. [new KafkaJsInstrumentation(), { pino: false }])';

export function resolveInstrumentations(
  offered: readonly string[],
  env: EnvRecord,
  raw: unknown,
): { names: string[]; instances: Instrumentation[]; problems: ConfigProblem[] } {
  const enabledEnv = env[ENABLED_INSTRUMENTATIONS_ENV];
  const disabledEnv = env[DISABLED_INSTRUMENTATIONS_ENV];
  const problems: ConfigProblem[] = [];
  const unknown = new Set<string>();
  const known = (name: string) => offered.includes(name) || !unknown.add(name);

  const enabledList = splitList(enabledEnv);
  const active = new Set(enabledEnv?.trim() ? enabledList.filter(known) : offered);
  for (const name of splitList(disabledEnv)) if (known(name)) active.delete(name);

  const { switches: option, instances, ignored, wrongType } = splitInstrumentations(raw);
  if (ignored) {
    problems.push({
      key: 'instrumentations',
      source: 'option',
      severity: 'warn',
      message: `Configuration: instrumentations should be ${INSTRUMENTATIONS_EXPECTED}; ${wrongType ? 'ignored' : `${ignored} entr${ignored === 1 ? 'y' : 'ies'} ignored`}.`,
    });
  }
  if (option) {
    for (const [raw, on] of Object.entries(option)) {
      const name = normalizeName(raw);
      if (!known(name)) continue;
      if (on === true) active.add(name);
      else if (on === false) active.delete(name);
    }
  }
  if (unknown.size) {
    problems.push({
      key: 'instrumentations',
      source: 'env',
      severity: 'warn',
      message: `Configuration: unknown instrumentation name(s) ${[...unknown].map((n) => `'${n}'`).join(', ')} ignored; known: ${offered.join(', ') || 'none on this runtime'}.`,
    });
  }
  // The runtime's order, so start-up does the same thing every time.
  return { names: offered.filter((n) => active.has(n)), instances, problems };
}
