// A server component whose fetch to an upstream service is a client span of the page request.
export default async function Page() {
  const upstream = await fetch(`${process.env.UPSTREAM_URL}/api/upstream-page`, { cache: 'no-store' });
  const body = await upstream.json();
  console.log('rendered page', { upstreamStatus: upstream.status });
  return <p id="page">upstream saw traceparent {String(body.traceparent)}</p>;
}
