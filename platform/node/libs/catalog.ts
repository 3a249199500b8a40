/**
 * The libraries Node instruments beyond http/undici, and how to load each one's code.
 *
 * Each instrumentation is bundled into its own file, dist/node/libs/<name>.cjs (tsup.config.ts,
 * sharing chunks for @opentelemetry/instrumentation), and `require`d only when the app loads the
 * library (./start.ts): an app without pg, or one that has it but never loads it, never reads
 * pg's instrumentation. Every path is a string
 * literal, so bundlers that pack this SDK (webpack, Next.js) see static requires, never a
 * `require(expression)`.
 */
import type { Instrumentation } from '@opentelemetry/instrumentation';

export interface LibraryEntry {
  /** The name users enable/disable (`OTEL_NODE_DISABLED_INSTRUMENTATIONS=pg`). */
  readonly name: string;
  /** Packages whose presence in the app turns the entry on (any of them). */
  readonly packages: readonly string[];
  /** Loads the bundled instrumentation and constructs it (constructing enables it). */
  load(): Instrumentation[];
}

interface BundledLib {
  create(): Instrumentation[];
}

/**
 * Relative to dist/node/ (this file is bundled into index.js/index.cjs). In the ESM build,
 * `require` is the createRequire of the tsup banner.
 */
export const LIBRARIES: readonly LibraryEntry[] = [
  { name: 'express', packages: ['express'], load: () => (require('./libs/express.cjs') as BundledLib).create() },
  { name: 'fastify', packages: ['fastify'], load: () => (require('./libs/fastify.cjs') as BundledLib).create() },
  { name: 'koa', packages: ['koa'], load: () => (require('./libs/koa.cjs') as BundledLib).create() },
  { name: 'pg', packages: ['pg', 'pg-pool'], load: () => (require('./libs/pg.cjs') as BundledLib).create() },
  { name: 'mysql2', packages: ['mysql2'], load: () => (require('./libs/mysql2.cjs') as BundledLib).create() },
  { name: 'mongodb', packages: ['mongodb'], load: () => (require('./libs/mongodb.cjs') as BundledLib).create() },
  { name: 'ioredis', packages: ['ioredis'], load: () => (require('./libs/ioredis.cjs') as BundledLib).create() },
  { name: 'redis', packages: ['redis', '@redis/client', '@node-redis/client'], load: () => (require('./libs/redis.cjs') as BundledLib).create() },
  { name: 'graphql', packages: ['graphql'], load: () => (require('./libs/graphql.cjs') as BundledLib).create() },
  { name: 'pino', packages: ['pino'], load: () => (require('./libs/pino.cjs') as BundledLib).create() },
  { name: 'winston', packages: ['winston'], load: () => (require('./libs/winston.cjs') as BundledLib).create() },
];

/** Instrumented elsewhere (./http.ts, ./undici.ts), always available: Node has them built in. */
export const BUILT_IN = ['http', 'undici'] as const;
