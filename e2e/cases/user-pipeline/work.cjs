// What both apps do per request: a pooled resource (generic-pool), a name lookup (node:dns, both
// the callback and the promise API), a span the filter drops, and two console lines, one secret.
module.exports = ({ genericPool, lookup, lookupPromise, trace }) => {
  const pool = genericPool.createPool({ create: async () => ({ id: 1 }), destroy: async () => {} }, { max: 1 });
  return async function work() {
    const resource = await pool.acquire();
    await pool.release(resource);
    await new Promise((resolve, reject) => lookup('localhost', (err) => (err ? reject(err) : resolve())));
    await lookupPromise('localhost');
    trace.getTracer('app').startSpan('secret work').end();
    console.log('login ok');
    console.log('password=hunter2');
    return 'done';
  };
};
