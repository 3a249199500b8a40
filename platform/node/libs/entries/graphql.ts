/** Bundled into dist/node/libs/graphql.cjs. */
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';

export const create = () => [new GraphQLInstrumentation()];
