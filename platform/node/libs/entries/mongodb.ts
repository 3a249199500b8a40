/** Bundled into dist/node/libs/mongodb.cjs. */
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';

export const create = () => [new MongoDBInstrumentation()];
