// A Node.js route handler: its span is named by the route, its log and outgoing fetch join the trace.
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  console.log('item requested', { id });
  const upstream = await fetch(`${process.env.UPSTREAM_URL}/api/upstream-item`, { cache: 'no-store' });
  const body = await upstream.json();
  return Response.json({ id, traceparent: request.headers.get('traceparent'), upstreamTraceparent: body.traceparent });
}
