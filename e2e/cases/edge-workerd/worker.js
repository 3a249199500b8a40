// A Cloudflare Worker (module syntax) as the README shows it: init() once at module scope, the
// fetch handler wrapped by withTracing. Bundled like wrangler does (conditions workerd, worker,
// browser), so `clickstack-otel` resolves to its edge build.
import { env } from 'cloudflare:workers';
import { init, withTracing } from 'clickstack-otel';

// OPTIONS is a JSON binding of the test's config (service, url, batch, …).
const otel = init(env.OPTIONS);

export default {
  fetch: withTracing(
    async (request, env) => {
      const url = new URL(request.url);
      // After an await, only a runtime with AsyncLocalStorage still knows the request's span.
      if (url.searchParams.has('await')) await new Promise((resolve) => setTimeout(resolve, 5));
      const upstream = await fetch(`${env.UPSTREAM_URL}/api/from-worker`);
      const body = await upstream.json();
      return Response.json({
        active: otel.active,
        upstreamTraceparent: body.traceparent,
        // What a page-only SDK would have touched: none of it exists here.
        globals: [typeof window, typeof document, typeof sessionStorage, typeof localStorage, typeof process],
      });
    },
    { route: '/work' },
  ),
};
