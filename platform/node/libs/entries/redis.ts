/** Bundled into dist/node/libs/redis.cjs (`redis` v2–v5 and `@redis/client`). */
import { RedisInstrumentation } from '@opentelemetry/instrumentation-redis';

export const create = () => [new RedisInstrumentation()];
