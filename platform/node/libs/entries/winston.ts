/**
 * Bundled into dist/node/libs/winston.cjs, together with @opentelemetry/winston-transport, which
 * the instrumentation adds to every logger so records reach our logs pipeline. That transport's
 * base class, `winston-transport`, comes from the app (winston depends on it).
 */
import { WinstonInstrumentation } from '@opentelemetry/instrumentation-winston';

export const create = () => [new WinstonInstrumentation()];
