/** Bundled into dist/node/libs/mysql2.cjs. */
import { MySQL2Instrumentation } from '@opentelemetry/instrumentation-mysql2';

export const create = () => [new MySQL2Instrumentation()];
