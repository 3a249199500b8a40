// An edge route handler that imports the package and calls init(): it must answer normally,
// and its outgoing fetch is traced and exported over fetch.
import { forceFlush, init } from 'clickstack-otel';

export const runtime = 'edge';
export const dynamic = 'force-dynamic';

const otel = init({ service: 'next-edge', url: process.env.COLLECTOR_URL, batch: { scheduledDelayMillis: 200 } });

export async function GET() {
  const upstream = await fetch(`${process.env.UPSTREAM_URL}/api/upstream-edge`, { cache: 'no-store' });
  const body = await upstream.json();
  // An edge isolate may be frozen once the response is sent: flush before answering.
  await forceFlush();
  return Response.json({ edge: true, active: otel.active, upstreamTraceparent: body.traceparent });
}
