import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, startDevReceiver, type DevReceiver, type ReceivedExport } from './receiver';

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const proto = (require(require.resolve('otlp-proto-types/build/src/generated/root.js')) as any).opentelemetry.proto;

let receiver: DevReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function start() {
  const exports: ReceivedExport[] = [];
  const errors: string[] = [];
  receiver = await startDevReceiver({ port: 0, onExport: (e) => exports.push(e), onError: (m) => errors.push(m) });
  return { exports, errors, url: receiver.url };
}

describe('startDevReceiver', () => {
  it('decodes gzip OTLP/protobuf and answers with an empty protobuf response', async () => {
    const { exports, url } = await start();
    const Type = proto.collector.trace.v1.ExportTraceServiceRequest;
    const body = Type.encode(
      Type.fromObject({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: Buffer.alloc(16, 0xab), spanId: Buffer.alloc(8, 0xcd), name: 'op', kind: 2 }] }] }] }),
    ).finish();
    const res = await fetch(`${url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip', authorization: 'Bearer secret' },
      body: gzipSync(body),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    expect((await res.arrayBuffer()).byteLength).toBe(0);
    expect(exports).toEqual([
      { signal: 'traces', encoding: 'protobuf', request: { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), name: 'op', kind: 2 }] }] }] } },
    ]);
  });

  it('passes OTLP/JSON through and answers {}', async () => {
    const { exports, url } = await start();
    const request = { resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'hi' } }] }] }] };
    const res = await fetch(`${url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(request) });
    expect([res.status, await res.text()]).toEqual([200, '{}']);
    expect(exports).toEqual([{ signal: 'logs', encoding: 'json', request }]);
  });

  it('rejects malformed bodies (400), other content types (415), other paths (404) and bodies over the cap (413)', async () => {
    const { exports, errors, url } = await start();
    const post = (path: string, type: string, body: string | Uint8Array<ArrayBuffer>) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
    expect((await post('/v1/traces', 'application/json', '{not json')).status).toBe(400);
    expect((await post('/v1/traces', 'application/x-protobuf', Uint8Array.from([0x0a, 0x05, 0x01]))).status).toBe(400);
    expect((await post('/v1/metrics', 'text/plain', 'x')).status).toBe(415);
    expect((await post('/v1/other', 'application/json', '{}')).status).toBe(404);
    expect((await fetch(`${url}/v1/traces`)).status).toBe(404);
    const tooBig = await post('/v1/traces', 'application/x-protobuf', new Uint8Array(MAX_BODY_BYTES + 1)).catch(() => undefined);
    // Either the 413 arrives or the socket is closed mid-upload; nothing is stored in both cases.
    if (tooBig) expect(tooBig.status).toBe(413);
    expect(exports).toEqual([]);
    expect(errors.length).toBeGreaterThanOrEqual(4);
    expect(errors.join('\n')).not.toContain('secret');
  });

  it('answers a CORS preflight, echoing the origin and allowing the API key headers', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/v1/traces`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-custom' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    const allowed = res.headers.get('access-control-allow-headers')!.split(', ');
    expect(allowed).toEqual(expect.arrayContaining(['content-type', 'authorization', 'x-hyperdx-api-key', 'x-custom']));
  });
});
