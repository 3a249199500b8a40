#!/usr/bin/env node
/**
 * `npx clickstack-otel dev`: a local OTLP/HTTP receiver on the SDK's default endpoint
 * (http://127.0.0.1:4318), so an app with no exporter configuration at all shows its traces,
 * logs and metrics in the terminal. Its own entry (dist/node/cli.js): init()/register never load it.
 */
import { startDevReceiver, type ReceivedExport } from './receiver';
import { flattenSpans, formatLogLines, formatMetricsLine, formatTraceTrees, summarizeMetrics, type FlatSpan } from './print';
import { TraceSettler } from './trace-settler';

/** The OTLP/HTTP port, and so the SDK's default endpoint. */
export const DEFAULT_PORT = 4318;
export const DEFAULT_HOST = '127.0.0.1';
/** Where `--clickhouse` with no path keeps its tables (relative to the working directory). */
export const DEFAULT_CLICKHOUSE_PATH = '.clickstack-otel/chdb';
const EXIT_USAGE = 2;
const EXIT_FAILURE = 1;
const PREFIX = '[clickstack-otel]';

const USAGE = `Usage: clickstack-otel dev [options]

A local OTLP/HTTP receiver: prints every trace as a tree, every log line and a summary of each
metrics export. The SDK's default endpoint is http://localhost:${DEFAULT_PORT}, so an app started
without OTEL_EXPORTER_OTLP_ENDPOINT sends here; a page sends here with ClickStack.init({ url: 'http://localhost:${DEFAULT_PORT}' }).

Options:
  --port <n>           port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host <addr>        address to listen on (default ${DEFAULT_HOST})
  --clickhouse [path]  also store everything in ClickStack-schema tables with chdb
                       (default path ${DEFAULT_CLICKHOUSE_PATH}; needs: npm i -D chdb)
  --query "SQL"        run a query against the --clickhouse path, print the rows and exit
  --json               one JSON object per line instead of text
  -h, --help           this help`;

interface DevOptions {
  port: number;
  host: string;
  clickhouse?: string;
  query?: string;
  json: boolean;
}

/** platform/node/dev/clickstack-store.ts, as its own file in the build (dist/node/clickstack-store.js). */
interface Store {
  insert(signal: 'traces' | 'logs' | 'metrics', otlpJsonRequest: Record<string, unknown>): Promise<void>;
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): void;
}

class UsageError extends Error {}

function parseDevArgs(args: string[]): DevOptions | 'help' {
  const options: DevOptions = { port: DEFAULT_PORT, host: DEFAULT_HOST, json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`option '${flag}' needs a value`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--port': {
        const v = value();
        const port = Number(v);
        if (!/^\d+$/.test(v) || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got '${v}'`);
        options.port = port;
        break;
      }
      case '--host':
        options.host = value();
        break;
      case '--clickhouse':
        // The path is optional: the next argument is it unless it is another option.
        if (inline !== undefined) options.clickhouse = inline;
        else if (args[i + 1] !== undefined && !args[i + 1]!.startsWith('-')) options.clickhouse = args[++i];
        else options.clickhouse = DEFAULT_CLICKHOUSE_PATH;
        break;
      case '--query':
        options.query = value();
        break;
      case '--json':
        options.json = true;
        break;
      default:
        throw new UsageError(`unknown option '${arg}' for 'dev' (see: clickstack-otel dev --help)`);
    }
  }
  if (options.query !== undefined && options.clickhouse === undefined) options.clickhouse = DEFAULT_CLICKHOUSE_PATH;
  return options;
}

async function openStore(path: string): Promise<Store> {
  // The store is its own file beside this one, loaded only here; it loads chdb (the app's
  // devDependency) itself and says how to install it when it is missing.
  const specifier = new URL('./clickstack-store.js', import.meta.url).href;
  let mod: { openClickStackStore(o: { path: string }): Promise<Store> };
  try {
    mod = (await import(specifier)) as typeof mod;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((e as Error).message).includes('clickstack-store')) {
      throw new Error('--clickhouse is not available in this build of clickstack-otel (no dist/node/clickstack-store.js)');
    }
    throw e;
  }
  return mod.openClickStackStore({ path });
}

function printRows(rows: Record<string, unknown>[], json: boolean): void {
  if (json) {
    for (const row of rows) console.log(JSON.stringify(row));
    return;
  }
  if (!rows.length) {
    console.log('(no rows)');
    return;
  }
  const columns = Object.keys(rows[0]!);
  const cell = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const widths = columns.map((c) => Math.min(60, Math.max(c.length, ...rows.map((r) => cell(r[c]).length))));
  console.log(columns.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
  for (const row of rows) console.log(columns.map((c, i) => cell(row[c]).slice(0, 60).padEnd(widths[i]!)).join('  ').trimEnd());
  console.log(`(${rows.length} row${rows.length === 1 ? '' : 's'})`);
}

async function dev(options: DevOptions): Promise<void> {
  const out = (text: string, json: Record<string, unknown>) => console.log(options.json ? JSON.stringify(json) : text);
  const store = options.clickhouse !== undefined ? await openStore(options.clickhouse) : undefined;
  if (store && options.query !== undefined) {
    try {
      printRows(await store.query(options.query), options.json);
    } finally {
      store.close();
    }
    return;
  }

  const settler = new TraceSettler((spans: FlatSpan[], update: boolean) => {
    if (options.json) out('', { type: 'trace', traceId: spans[0]?.traceId, update, spans });
    else for (const line of formatTraceTrees(spans)) console.log(update && line.startsWith('one ') ? `${line} (updated)` : line);
  });
  const onExport = ({ signal, encoding, request }: ReceivedExport) => {
    if (store) {
      const failed = (e: unknown) => console.error(`${PREFIX} could not store ${signal} in ClickHouse: ${e instanceof Error ? e.message : String(e)}`);
      try {
        store.insert(signal, request).catch(failed);
      } catch (e) {
        failed(e);
      }
    }
    if (signal === 'traces') settler.add(flattenSpans(request));
    else if (signal === 'logs') for (const line of formatLogLines(request)) out(line, { type: 'log', encoding, line });
    else out(formatMetricsLine(request), { type: 'metrics', encoding, ...summarizeMetrics(request) });
  };

  let receiver;
  try {
    receiver = await startDevReceiver({
      port: options.port,
      host: options.host,
      onExport,
      onError: (message) => console.error(`${PREFIX} rejected ${message}`),
    });
  } catch (e) {
    store?.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Error(`port ${options.port} on ${options.host} is already in use (another collector?); pick another with --port`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new Error(`cannot listen on host '${options.host}'`);
    throw e;
  }
  out(`${PREFIX} dev receiver listening on ${receiver.url} (OTLP/HTTP, JSON or protobuf: /v1/traces /v1/logs /v1/metrics)${store ? `; storing in ClickHouse at ${options.clickhouse}` : ''}`, {
    type: 'listening',
    url: receiver.url,
    port: receiver.port,
    host: receiver.host,
    clickhouse: options.clickhouse ?? null,
  });

  const stop = async () => {
    settler.flush();
    await receiver.close();
    // Inserts still queued finish first: a query runs after them.
    await store?.query('SELECT 1').catch(() => undefined);
    store?.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    (command ? console.log : console.error)(USAGE);
    process.exitCode = command ? 0 : EXIT_USAGE;
    return;
  }
  if (command !== 'dev') throw new UsageError(`unknown command '${command}' (the one command is 'dev'; see: clickstack-otel --help)`);
  const options = parseDevArgs(rest);
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  await dev(options);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(`${PREFIX} ${e instanceof Error ? e.message : String(e)}`);
  process.exit(e instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE);
});
