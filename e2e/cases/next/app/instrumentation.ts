// Next.js calls register() once per server runtime. The Node SDK only in the Node.js runtime;
// the dynamic import keeps it out of the edge bundle.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { init } = await import('clickstack-otel');
    init({ service: 'next-server', url: process.env.COLLECTOR_URL, batch: { scheduledDelayMillis: 200 }, logsBatch: { scheduledDelayMillis: 200 } });
  }
}
