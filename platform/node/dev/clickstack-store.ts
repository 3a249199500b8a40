/**
 * A real ClickHouse (chdb, embedded in this process) holding the tables ClickStack creates, filled
 * the way ClickStack's collector fills them, so the HyperDX UI's own SQL can be run against what the
 * SDK sent: `clickstack-otel dev --clickhouse [path]` / `--query`, and the e2e cases.
 *
 * chdb (~550 MB, native) is the app's devDependency, never ours at run time: it is imported lazily
 * here, and dist/node/cli.js loads this file only with --clickhouse.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { clickStackDdl, DEFAULT_SEED_MACROS } from './clickstack-schema';
import { logRows, metricRows, traceRows, type LogsRequest, type MetricsRequest, type Row, type TableRows, type TracesRequest } from './clickstack-rows';

export type StoreSignal = 'traces' | 'logs' | 'metrics';

export interface ClickStackStore {
  /** The directory chdb keeps its tables in. */
  readonly path: string;
  /** Inserts one decoded OTLP export request (OTLP/JSON shape, as the dev receiver hands it over). */
  insert(signal: StoreSignal, otlpJsonRequest: Record<string, unknown>): Promise<void>;
  /** Runs SQL after every insert started before it; rows as JSON objects (64-bit integers as strings). */
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): void;
}

export interface ClickStackStoreOptions {
  /** Directory for the tables (created if missing); the same path reopens what was stored. */
  path: string;
}

/** The one message for a missing chdb (tests match it). */
export const CHDB_MISSING_MESSAGE = "--clickhouse needs the 'chdb' package, which is not installed: npm i -D chdb";

/**
 * Every query runs with UTC as the session time zone: ClickStack's server runs in UTC, and the
 * DateTime columns' text (inserted and returned) must not depend on this machine's zone.
 */
const SESSION_SETTINGS = "SET session_timezone = 'UTC'";

interface ChdbSession {
  query(sql: string, format?: string): string;
  queryAsync(sql: string, opts?: { format?: string }): Promise<{ text(): string }>;
  close(): void;
}
type ChdbModule = { Session: new (path?: string) => ChdbSession };

/** chdb as the app resolves it (its working directory) first, then as this package does. */
async function loadChdb(): Promise<ChdbModule> {
  for (const base of [`${process.cwd()}/`, import.meta.url]) {
    let file: string;
    try {
      file = createRequire(base).resolve('chdb');
    } catch {
      continue;
    }
    // The ESM entry beside the CJS one when the package has it (chdb 3.x: index.mjs).
    const mod = (await import(pathToFileURL(file.replace(/index\.js$/, 'index.mjs')).href).catch(() => import(pathToFileURL(file).href))) as ChdbModule & {
      default?: ChdbModule;
    };
    const Session = mod.Session ?? mod.default?.Session;
    if (typeof Session === 'function') return { Session };
  }
  throw new Error(CHDB_MISSING_MESSAGE);
}

/** `INSERT ... FORMAT JSONEachRow` bodies: one JSON object per line. */
function insertStatements(tables: TableRows): string[] {
  const out: string[] = [];
  for (const [table, rows] of Object.entries(tables)) {
    if (!rows.length) continue;
    out.push(`INSERT INTO ${DEFAULT_SEED_MACROS.DATABASE}.${table} FORMAT JSONEachRow\n${rows.map((r: Row) => JSON.stringify(r)).join('\n')}`);
  }
  return out;
}

function rowsFor(signal: StoreSignal, request: Record<string, unknown>): TableRows {
  if (signal === 'traces') return traceRows(request as TracesRequest);
  if (signal === 'logs') return logRows(request as LogsRequest);
  return metricRows(request as MetricsRequest);
}

function parseJsonEachRow(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export async function openClickStackStore(options: ClickStackStoreOptions): Promise<ClickStackStore> {
  const { Session } = await loadChdb();
  const path = resolve(options.path);
  mkdirSync(path, { recursive: true });
  const session = new Session(path);
  try {
    session.query(SESSION_SETTINGS);
    for (const ddl of clickStackDdl()) session.query(ddl);
  } catch (e) {
    session.close();
    throw e;
  }
  // One chdb session runs one statement at a time; a chain keeps inserts and queries in call order.
  let chain: Promise<unknown> = Promise.resolve();
  let closed = false;
  const enqueue = <T>(work: () => Promise<T>): Promise<T> => {
    const next = chain.then(work, work);
    chain = next.catch(() => undefined);
    return next;
  };
  const run = async (sql: string, format?: string): Promise<string> => {
    if (closed) throw new Error('the ClickStack store is closed');
    return (await session.queryAsync(sql, format ? { format } : undefined)).text();
  };

  return {
    path,
    insert(signal, request) {
      const statements = insertStatements(rowsFor(signal, request));
      return enqueue(async () => {
        for (const sql of statements) await run(sql);
      });
    },
    query(sql) {
      return enqueue(async () => parseJsonEachRow(await run(sql, 'JSONEachRow')));
    },
    close() {
      if (closed) return;
      closed = true;
      session.close();
    },
  };
}
