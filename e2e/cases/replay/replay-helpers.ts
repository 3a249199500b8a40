/**
 * Reading replay records the way HyperDX does, shared by the replay cases: the rows of scope
 * `rum.rr-web` as the receiver got them, and the player's chunk joining (DOMPlayer.tsx).
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import type { Collector, RouteHandler, ServeOptions, StaticServer } from '../../fixtures/test';

export interface SiteOptions {
  /** The page served at `/`, a file of this folder (default page.html). */
  page?: string;
  /** More `ClickStack.init()` options (service `replay-page`, the collector's url and an API key are set). */
  init?: Record<string, unknown>;
  /** Rewrites page.html before it is served (other add-on attributes, more markup). */
  html?: (html: string) => string;
  /** More routes (a next page, say). */
  routes?: Record<string, RouteHandler>;
}

/** Serves page.html (SDK tag, /init.js, the replay add-on tag), or another page, and the package's browser builds. */
export function site(serve: (o: ServeOptions) => Promise<StaticServer>, packageDir: string, collectorUrl: string, options: SiteOptions = {}) {
  const page = readFileSync(join(import.meta.dirname, options.page ?? 'page.html'), 'utf8');
  const html = options.html ? options.html(page) : page;
  const init = { service: 'replay-page', url: collectorUrl, apiKey: 'replay-key', ...options.init };
  return serve({
    dirs: { '/vendor/': join(packageDir, 'dist', 'browser') },
    routes: {
      '/': (_req: IncomingMessage, res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(html);
      },
      '/init.js': (_req: IncomingMessage, res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end(`ClickStack.init(${JSON.stringify(init)});`);
      },
      ...options.routes,
    },
  });
}

export type AnyValue = { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean };
export const attrs = (list: { key: string; value: AnyValue }[] | undefined) =>
  Object.fromEntries((list ?? []).map((a) => [a.key, a.value.stringValue ?? (a.value.intValue !== undefined ? Number(a.value.intValue) : (a.value.doubleValue ?? a.value.boolValue))]));

export interface ReplayRow {
  body: string;
  /** The body's AnyValue kind: the UI reads `Body` as a string. */
  bodyIsString: boolean;
  timeUnixNano: string;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
  scope: string;
}

/** Every log record of scope `rum.rr-web`, in the order the receiver got them. */
export function replayRows(collector: Collector): ReplayRow[] {
  const rows: ReplayRow[] = [];
  for (const req of collector.logs()) {
    for (const rl of req.resourceLogs ?? []) {
      for (const sl of rl.scopeLogs ?? []) {
        if (sl.scope?.name !== 'rum.rr-web') continue;
        for (const lr of sl.logRecords ?? []) {
          rows.push({
            body: lr.body?.stringValue ?? '',
            bodyIsString: typeof lr.body?.stringValue === 'string',
            timeUnixNano: String(lr.timeUnixNano),
            attributes: attrs(lr.attributes),
            resource: attrs(rl.resource?.attributes),
            scope: sl.scope.name,
          });
        }
      }
    }
  }
  return rows;
}

export interface RrwebEvent {
  type: number;
  timestamp: number;
  data: any;
}

/**
 * What HyperDX's player does (DOMPlayer.tsx): concatenate bodies until `rr-web.chunk` equals
 * `rr-web.total-chunks`, then JSON.parse. Rows are taken in `rr-web.offset` order; that they
 * arrived in that order is asserted separately.
 */
export function reassemble(rows: ReplayRow[]): { events: RrwebEvent[]; multiChunk: number } {
  const events: RrwebEvent[] = [];
  let buffer = '';
  let multiChunk = 0;
  for (const row of rows) {
    buffer += row.body;
    const chunk = row.attributes['rr-web.chunk'] as number;
    const total = row.attributes['rr-web.total-chunks'] as number;
    if (chunk !== total) continue;
    if (total > 1) multiChunk++;
    const event = JSON.parse(buffer) as RrwebEvent;
    // Every chunk of the event carries the event's type and time (ms × 1e6).
    expect(row.attributes['rr-web.event']).toBe(event.type);
    expect(row.timeUnixNano).toBe(String(BigInt(event.timestamp) * 1_000_000n));
    events.push(event);
    buffer = '';
  }
  expect(buffer, 'a trailing incomplete event').toBe('');
  return { events, multiChunk };
}

/** reassemble() without its assertions, for polling while records still arrive. */
export function reassembleSafe(rows: ReplayRow[]): RrwebEvent[] {
  const events: RrwebEvent[] = [];
  let buffer = '';
  for (const row of rows) {
    buffer += row.body;
    if (row.attributes['rr-web.chunk'] !== row.attributes['rr-web.total-chunks']) continue;
    try {
      events.push(JSON.parse(buffer));
    } catch {
      // incomplete
    }
    buffer = '';
  }
  return events;
}
