/** Bundled into dist/node/libs/pg.cjs (pg and pg-pool). */
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';

export const create = () => [new PgInstrumentation()];
