// An edge route handler: withTracing's SERVER span for the request, the outgoing fetch as its
// child, exported through Next's request context (waitUntil) after the response, with no
// forceFlush here. The 60 s batch delay: nothing else could export them in time.
import { init, withTracing } from 'clickstack-otel';

export const runtime = 'edge';
export const dynamic = 'force-dynamic';

const otel = init({ service: 'next-edge', url: process.env.COLLECTOR_URL, batch: { scheduledDelayMillis: 60_000 } });

export const GET = withTracing(
  async (request: Request) => {
    // Next's edge runtime has AsyncLocalStorage: the fetch after an await is still the request's child.
    await new Promise((resolve) => setTimeout(resolve, 1));
    const upstream = await fetch(`${process.env.UPSTREAM_URL}/api/upstream-edge`, { cache: 'no-store' });
    const body = await upstream.json();
    return Response.json({ edge: true, active: otel.active, traceparent: request.headers.get('traceparent'), upstreamTraceparent: body.traceparent });
  },
  { route: '/edge' },
);
