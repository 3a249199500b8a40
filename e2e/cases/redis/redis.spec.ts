/**
 * ioredis and node-redis against a real redis-server on 127.0.0.1 (Debian's `redis-server`,
 * installed by scripts/ensure-redis.mjs, which `npm test` runs): each command is a client span under the request's
 * route-named server span.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { expect, SpanKind, test } from '../../fixtures/test';
import { REDIS_SERVER } from '../../../scripts/ensure-redis.mjs';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function startRedis(): Promise<{ port: number; proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${out}`)), 10_000);
    proc.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.on('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${out}`)));
  });
  return { port, proc };
}

test('ioredis and node-redis calls are client spans under the route-named server span', async ({ collector, consumer, startNode }) => {
  const redis = await startRedis();
  try {
    const dir = consumer.stage('express-redis.mjs');
    const app = startNode({
      script: 'express-redis.mjs',
      nodeArgs: ['--import', 'clickstack-otel/register'],
      cwd: dir,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '600000', REDIS_PORT: String(redis.port) },
    });
    // Two client connections on a loaded 2-core machine: give it time.
    const ready = await app.ready(30_000);
    expect(await (await fetch(`${ready.url}/cart/9`)).json()).toEqual({ id: '9', value: 'ioredis' });
    app.closeStdin();
    expect(await app.waitForExit(10_000)).toEqual({ code: 0, signal: null });

    const spans = collector.spans();
    const server = spans.find((s) => s.kind === SpanKind.SERVER && s.attributes['url.path'] === '/cart/9');
    expect(server?.name).toBe('GET /cart/:id');
    const inTrace = spans.filter((s) => s.traceId === server!.traceId && s.kind === SpanKind.CLIENT);
    const set = inTrace.find((s) => s.scope.name === '@opentelemetry/instrumentation-ioredis' && s.name === 'set');
    const get = inTrace.find((s) => s.scope.name === '@opentelemetry/instrumentation-redis' && /get/i.test(s.name));
    expect(set, 'ioredis SET span').toBeDefined();
    expect(get, 'node-redis GET span').toBeDefined();
    for (const s of [set!, get!]) {
      expect(s.attributes['db.system'] ?? s.attributes['db.system.name']).toBe('redis');
      expect(s.attributes['server.port'] ?? s.attributes['net.peer.port']).toBe(redis.port);
    }
  } finally {
    redis.proc.kill();
  }
});
