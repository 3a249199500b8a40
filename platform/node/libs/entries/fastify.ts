/**
 * Bundled into dist/node/libs/fastify.cjs. Fastify's own instrumentation is a plugin; with
 * `registerOnInitialization` it adds itself to every `fastify()` instance (through Fastify's
 * `fastify.initialization` diagnostics channel), so the app changes nothing.
 */
import { FastifyOtelInstrumentation } from '@fastify/otel';

export const create = () => [new FastifyOtelInstrumentation({ registerOnInitialization: true })];
