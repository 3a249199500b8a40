/**
 * Hostile input with capture on, over real sockets: odd header bytes, 10,000 headers, JSON nested
 * deeper than any stack, invalid JSON, invalid UTF-8. The server must answer every request as it
 * would without the SDK, nothing may throw, and the caps must hold on what is exported.
 */
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type Collector, type FlatSpan } from '../../e2e/fixtures/collector.mjs';
import { forceFlush, init, shutdown } from './index';

const MAX_BODY_BYTES = 4096;
/** The OTel SDK's default attribute-count limit per span: a flood of headers cannot exceed it. */
const SPAN_ATTRIBUTE_LIMIT = 128;

let collector: Collector;
let server: http.Server;
let port: number;
const uncaught: unknown[] = [];
const onUncaught = (e: unknown) => uncaught.push(e);

beforeAll(async () => {
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  collector = await startCollector();
  init({ url: collector.url, advancedNetworkCapture: true, batch: { scheduledDelayMillis: 50 }, networkCapture: { maxBodyBytes: MAX_BODY_BYTES } });
  // Limits opened wide so the hostile requests reach the application (and our capture) at all.
  server = http.createServer({ maxHeaderSize: 4 * 1024 * 1024 }, (req, res) => {
    let size = 0;
    req.on('data', (c: Buffer) => (size += c.length));
    req.on('end', () => {
      // Echo the hostile body back, so the response side of capture sees it too.
      const body = hostileBodies[req.url ?? ''] ?? `ok ${size}`;
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'text/plain', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.maxHeadersCount = 0; // unlimited
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  await shutdown();
  server.close();
  await collector.close();
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
});

const DEPTH = 50_000;
const hostileBodies: Record<string, Buffer | string> = {
  '/deep-json': `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`,
  '/deep-object': `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`,
  '/invalid-json': '{"password": "hunter2", "unterminated": [1, 2, {"token": "abc"',
  '/invalid-utf8': Buffer.from([0x68, 0x69, 0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82, 0x20, 0xf0, 0x9f, 0x92]),
};

/** A raw HTTP/1.1 exchange, so header bytes are exactly what we write. */
function rawRequest(head: string, body: Buffer | string = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
      socket.write(Buffer.concat([Buffer.from(`${head}content-length: ${bytes.length}\r\nconnection: close\r\n\r\n`, 'latin1'), bytes]));
    });
    let reply = '';
    socket.setEncoding('latin1');
    socket.on('data', (c: string) => (reply += c));
    socket.on('end', () => resolve(reply));
    socket.on('error', reject);
  });
}

async function serverSpan(path: string): Promise<FlatSpan> {
  await forceFlush();
  const spans = await collector.waitForSpans((s) => s.some((x) => x.kind === 2 && x.attributes['url.path'] === path));
  return spans.find((x) => x.kind === 2 && x.attributes['url.path'] === path)!;
}

function expectCapped(span: FlatSpan) {
  for (const side of ['request', 'response']) {
    const body = span.attributes[`http.${side}.body`];
    if (typeof body === 'string') expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
  }
}

describe('hostile payloads with capture on', () => {
  it('header values with obs-text bytes and tabs are recorded as text, nothing breaks', async () => {
    const reply = await rawRequest('GET /odd-headers HTTP/1.1\r\nhost: x\r\nx-odd: a\tb\xff\xfe\x80c\r\nx-empty: \r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 200/);
    const span = await serverSpan('/odd-headers');
    expect(span.attributes['http.request.header.x-odd']).toEqual(['a\tb\u00ff\u00fe\u0080c']);
    expect(span.attributes['http.request.header.x-empty']).toEqual(['']);
  });

  it('10,000 request headers: answered normally, span attributes stay within the SDK limit', async () => {
    const headers = Array.from({ length: 10_000 }, (_, i) => `x-flood-${i}: v${i}\r\n`).join('');
    const reply = await rawRequest(`GET /flood HTTP/1.1\r\nhost: x\r\n${headers}`);
    expect(reply).toMatch(/^HTTP\/1\.1 200/);
    const span = await serverSpan('/flood');
    expect(Object.keys(span.attributes).length).toBeLessThanOrEqual(SPAN_ATTRIBUTE_LIMIT);
  });

  for (const path of ['/deep-json', '/deep-object', '/invalid-json', '/invalid-utf8']) {
    it(`${path.slice(1)} body, both ways: answered byte-for-byte, no throw, caps hold`, async () => {
      const body = hostileBodies[path]!;
      const type = path === '/invalid-utf8' ? 'text/plain; charset=utf-8' : 'application/json';
      const reply = await rawRequest(`POST ${path} HTTP/1.1\r\nhost: x\r\ncontent-type: ${type}\r\n`, body);
      const responseBody = reply.slice(reply.indexOf("\r\n\r\n") + 4);
      expect(Buffer.from(responseBody ?? '', 'latin1').equals(Buffer.isBuffer(body) ? body : Buffer.from(body))).toBe(true);
      const span = await serverSpan(path);
      expectCapped(span);
      expect(JSON.stringify(span.attributes)).not.toContain('hunter2');
    });
  }

  it('nothing escaped as an uncaught exception or unhandled rejection', () => {
    expect(uncaught).toEqual([]);
  });
});
