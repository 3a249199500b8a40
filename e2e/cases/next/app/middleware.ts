// Middleware runs in the edge runtime: importing the package and calling init() must neither
// break the build nor the request. Once per isolate, at module scope.
import { init } from 'clickstack-otel';
import { NextResponse } from 'next/server';

const otel = init({ service: 'next-middleware', url: process.env.COLLECTOR_URL, batch: { scheduledDelayMillis: 200 } });

export function middleware() {
  const response = NextResponse.next();
  response.headers.set('x-middleware-otel', String(otel.active));
  return response;
}

export const config = { matcher: ['/api/:path*', '/edge'] };
