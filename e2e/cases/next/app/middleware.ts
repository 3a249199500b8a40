// Middleware runs in the edge runtime, where `clickstack-otel` resolves to its edge build (the
// `edge-light` condition). init() once per isolate, at module scope; withTracing makes the SERVER
// span for each request and exports it through the event's waitUntil. The 60 s batch delay: in
// this test nothing but that flush could export the spans in time.
import { init, withTracing } from 'clickstack-otel';
import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';

const otel = init({ service: 'next-middleware', url: process.env.COLLECTOR_URL, batch: { scheduledDelayMillis: 60_000 } });

export const middleware = withTracing((request: NextRequest, event: NextFetchEvent) => {
  const response = NextResponse.next();
  response.headers.set('x-middleware-otel', String(otel.active));
  return response;
});

export const config = { matcher: ['/api/:path*', '/edge'] };
