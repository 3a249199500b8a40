/** Bundled into dist/node/libs/koa.cjs. */
import { KoaInstrumentation } from '@opentelemetry/instrumentation-koa';

export const create = () => [new KoaInstrumentation()];
