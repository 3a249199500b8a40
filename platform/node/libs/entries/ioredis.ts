/** Bundled into dist/node/libs/ioredis.cjs. */
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';

export const create = () => [new IORedisInstrumentation()];
