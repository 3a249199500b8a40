// Request → Response handlers (Next.js edge routes and middleware, Cloudflare Workers, Deno.serve,
// service workers): withTracing keeps each handler's own types, whichever build resolves.
import { init, withTracing, type RequestLike, type WithTracingOptions } from 'clickstack-otel';

init({ service: 'edge', url: 'https://otel.example.com:4318', batch: { scheduledDelayMillis: 1000 } });

const options: WithTracingOptions = { route: '/items/[id]' };
// A Next.js route handler: the second argument is Next's context.
export const GET = withTracing(async (request: Request, context: { params: Promise<{ id: string }> }) => Response.json({ id: (await context.params).id, url: request.url }), options);

// A Cloudflare Worker: env and ctx (whose waitUntil exports the request's spans) pass through.
interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}
const worker = { fetch: withTracing((request: Request, env: { UPSTREAM: string }, ctx: ExecutionContext) => fetch(env.UPSTREAM, { headers: request.headers })) };
const answered: Promise<Response> = worker.fetch(new Request('https://edge.example/'), { UPSTREAM: 'https://upstream.example/' }, { waitUntil: () => {} });
void answered;

// Middleware may answer nothing (continue): the result type is the handler's own.
const middleware = withTracing((_request: RequestLike) => undefined);
const continued: Promise<undefined> = middleware(new Request('https://edge.example/mw'));
void continued;
