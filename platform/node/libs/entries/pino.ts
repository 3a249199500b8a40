/**
 * Bundled into dist/node/libs/pino.cjs. Adds trace_id/span_id to each line and sends each record
 * through the global LoggerProvider (our logs pipeline), so no pino transport is needed and
 * nothing is exported twice.
 */
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';

export const create = () => [new PinoInstrumentation()];
