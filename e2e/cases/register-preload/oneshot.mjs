// A script that makes one request and ends; nothing here waits for or flushes telemetry.
const res = await fetch(process.env.TARGET_URL);
await res.text();
console.log(JSON.stringify({ status: res.status }));
