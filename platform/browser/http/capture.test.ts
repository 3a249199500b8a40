// The browser capture hooks against Node's own Response/Request/Headers/FormData/Blob (the same
// classes browsers have) and real spans from an in-memory provider. Chromium runs it end to end in
// e2e/cases/browser-capture.
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { createCapturePolicy, DEFAULT_NETWORK_CAPTURE } from '../../../src/network/policy';
import { setNetworkCaptureEnabled } from '../../../src/network/toggle';
import { createCaptureHooks, utf8Length } from './capture';

const exporter = new InMemorySpanExporter();
const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('t');
const policy = createCapturePolicy({ ...DEFAULT_NETWORK_CAPTURE, maxBodyBytes: 16, denyUrls: [/\/private/] }, ['http://collector/v1/traces']);
const hooks = createCaptureHooks(policy);
const url = new URL('http://app.test/api');

async function fetchCapture(response: Response, init?: RequestInit, input: RequestInfo | URL = url, at: URL = url) {
  const span = tracer.startSpan('GET');
  const onResponse = hooks.onFetchRequest!({ span, url: at, method: 'POST', input, init });
  const pending = onResponse?.(response);
  return { onResponse, pending, done: async () => (await pending, span.end(), exporter.getFinishedSpans().at(-1)!.attributes) };
}

afterEach(() => {
  setNetworkCaptureEnabled(false);
  exporter.reset();
});

describe('browser capture hooks', () => {
  it('do nothing while capture is off, for denied URLs and for our own export URL', async () => {
    expect((await fetchCapture(new Response('x'))).onResponse).toBeUndefined();
    setNetworkCaptureEnabled(true);
    expect((await fetchCapture(new Response('x'), undefined, url, new URL('http://app.test/private'))).onResponse).toBeUndefined();
    expect((await fetchCapture(new Response('x'), undefined, url, new URL('http://collector/v1/traces'))).onResponse).toBeUndefined();
  });

  it('read an endless response only up to the cap from a clone, leaving the app its whole stream', async () => {
    setNetworkCaptureEnabled(true);
    let pulls = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        pulls++;
        if (pulls > 1000) c.close(); // a guard for the test itself: capture must cancel long before
        else c.enqueue(new TextEncoder().encode('0123456789'));
      },
    });
    const response = new Response(endless, { headers: { 'content-type': 'text/plain' } });
    const { done } = await fetchCapture(response, { headers: [['Authorization', 'x'], ['X-A', '1']], body: new URLSearchParams({ password: 'p' }) });
    const attrs = await done();
    expect(attrs['http.response.body']).toBe('0123456789012345');
    expect(attrs['http.response.body.truncated']).toBe(true);
    expect(attrs['http.request.header.authorization']).toEqual(['[REDACTED]']);
    expect(attrs['http.request.header.x-a']).toEqual(['1']);
    expect(attrs['http.request.body']).toBe('password=%5BREDACTED%5D');
    // The app still reads from the first byte.
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('0123456789');
    await reader.cancel();
  });

  it('record a plain-object header record exactly as the same headers in a Headers object (values trimmed, redaction, content type found)', async () => {
    setNetworkCaptureEnabled(true);
    const record = { 'Content-Type': ' application/json ', Authorization: 'Bearer s3cret', 'X-Count': 3 as unknown as string, traceparent: '00-0123456789abcdef0123456789abcdef-0123456789abcdef-01' };
    const body = JSON.stringify({ password: 'p', ok: 1 });
    const fromRecord = await (await fetchCapture(new Response('{}'), { headers: record, body, method: 'POST' })).done();
    const fromHeaders = await (await fetchCapture(new Response('{}'), { headers: new Headers(record), body, method: 'POST' })).done();
    const requestSide = (attrs: Record<string, unknown>) => Object.fromEntries(Object.entries(attrs).filter(([key]) => key.startsWith('http.request.')));
    expect(requestSide(fromRecord)).toEqual(requestSide(fromHeaders));
    expect(fromRecord['http.request.header.content-type']).toEqual(['application/json']);
    expect(fromRecord['http.request.header.authorization']).toEqual(['[REDACTED]']);
    expect(fromRecord['http.request.header.x-count']).toEqual(['3']);
    // The content type was found, so the JSON body was masked as JSON (this policy then cuts it short).
    expect(fromRecord['http.request.body']).toMatch(/^\{"password":"\[REDACTED\]/);
  });

  it('never read event streams or request streams', async () => {
    setNetworkCaptureEnabled(true);
    const sse = new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('data: 1\n\n')) }), { headers: { 'content-type': 'text/event-stream' } });
    const requestStream = new ReadableStream();
    const { pending, done } = await fetchCapture(sse, { body: requestStream, duplex: 'half' } as RequestInit);
    expect(pending).toBeUndefined();
    const attrs = await done();
    expect(attrs['http.response.body.skipped']).toBe('stream');
    expect(attrs['http.request.body.skipped']).toBe('stream');
    expect(requestStream.locked).toBe(false);
    expect(sse.bodyUsed).toBe(false);
  });

  it('take headers from a Request input and summarise Blob, FormData and ArrayBuffer bodies', async () => {
    setNetworkCaptureEnabled(true);
    const request = new Request(url, { method: 'POST', headers: { 'x-from': 'request' } });
    expect((await (await fetchCapture(new Response(null), undefined, request)).done())['http.request.header.x-from']).toEqual(['request']);
    expect(await (await fetchCapture(new Response(null), { body: new Blob(['abc'], { type: 'text/plain' }) })).done()).toMatchObject({
      'http.request.body.size': 3,
      'http.request.body.skipped': 'binary',
    });
    const form = new FormData();
    form.append('a', '1');
    expect((await (await fetchCapture(new Response(null), { body: form })).done())['http.request.body.skipped']).toBe('multipart');
    const bytes = new TextEncoder().encode('x{"password":"p"}').subarray(1);
    const attrs = await (await fetchCapture(new Response(null), { headers: { 'content-type': 'application/json' }, body: bytes })).done();
    expect(attrs['http.request.body']).toBe('{"password":"[REDACTED]"}'); // a view's own bytes, masked after the cut
    expect(attrs['http.request.body.size']).toBe(16);
  });

  it('count UTF-8 bytes like an encoder does', () => {
    for (const s of ['', 'abc', 'é', '€uro', '😀', 'a\ud800b', '\udc00']) expect(utf8Length(s)).toBe(new TextEncoder().encode(s).byteLength);
  });
});
