import { describe, expect, it, vi } from 'vitest';
import { BodyCollector } from './body-collector';
import { bodyKeyMatcher, DEFAULT_SENSITIVE_BODY_KEYS, maskBody } from './body-masking';
import { classifyContentType, parseContentEncoding } from './content-type';
import { headerAttributes, headerRedactor, parseHeaderBlock } from './headers';
import { createCapturePolicy, DEFAULT_NETWORK_CAPTURE, type RawBody } from './policy';
import { toUrlPatterns, urlFilter } from './url-filter';
import { capStringUtf8, decodeUtf8Capped, utf8CutPoint } from './utf8';

const enc = (s: string) => new TextEncoder().encode(s);

describe('header redaction', () => {
  const redact = headerRedactor(['x-tenant', /^x-internal-/]);
  it.each([
    ['authorization', true],
    ['proxy-authorization', true],
    ['cookie', true],
    ['set-cookie', true],
    ['x-api-key', true],
    ['x-goog-api-key', true],
    ['x-amz-security-token', true],
    ['x-session-id', true],
    ['x-client-secret', true],
    ['x-user-password', true],
    ['www-authenticate', true],
    ['x-hub-signature-256', true],
    ['x-tenant', true],
    ['x-internal-route', true],
    ['content-type', false],
    ['accept', false],
    ['user-agent', false],
    ['x-request-id', false],
    ['traceparent', false],
    ['content-length', false],
  ])('%s redacted: %s', (name, expected) => {
    expect(redact(name)).toBe(expected);
  });

  it('builds one lower-case key per name, merges duplicates, redacts values, keeps arrays', () => {
    const attrs = headerAttributes(
      'request',
      [['Content-Type', 'application/json'], ['Accept', 'a'], ['accept', 'b'], ['Cookie', 'sid=1'], ['Set-Cookie', ['a=1', 'b=2']], ['X-Count', 3], ['X-None', undefined]],
      headerRedactor(),
    );
    expect(attrs).toEqual({
      'http.request.header.content-type': ['application/json'],
      'http.request.header.accept': ['a', 'b'],
      'http.request.header.cookie': ['[REDACTED]'],
      'http.request.header.set-cookie': ['[REDACTED]', '[REDACTED]'],
      'http.request.header.x-count': ['3'],
    });
  });

  it('caps the number of names and the length of values', () => {
    const many = Array.from({ length: 500 }, (_, i) => [`x-h${i}`, 'v'] as const);
    expect(Object.keys(headerAttributes('response', many, headerRedactor()))).toHaveLength(128);
    const long = headerAttributes('response', [['x-long', 'a'.repeat(10_000)]], headerRedactor());
    expect(long['http.response.header.x-long']![0]).toHaveLength(4096);
  });

  it('remembers names per direction and per redactor: the same raw name gives each its own key and decision', () => {
    const pairs = [[' X-Tenant ', 't1'], ['x-tenant', 't2'], ['', 'empty name'], ['  ', 'blank name']] as const;
    const plain = headerRedactor();
    const strict = headerRedactor(['x-tenant']);
    for (let round = 0; round < 3; round++) {
      expect(headerAttributes('request', pairs, plain)).toEqual({ 'http.request.header.x-tenant': ['t1', 't2'] });
      expect(headerAttributes('response', pairs, strict)).toEqual({ 'http.response.header.x-tenant': ['[REDACTED]', '[REDACTED]'] });
    }
  });

  it('stays right past the remembered names (a peer sending ever new names)', () => {
    for (let i = 0; i < 1_000; i++) headerAttributes('request', [[`X-Random-${i}`, 'v']], headerRedactor());
    const attrs = headerAttributes('request', [['X-Late-Name', 'v'], ['X-Late-Token', 'secret']], headerRedactor());
    expect(attrs).toEqual({ 'http.request.header.x-late-name': ['v'], 'http.request.header.x-late-token': ['[REDACTED]'] });
  });

  it('resets lastIndex of global user patterns between names', () => {
    const r = headerRedactor([/^x-g/g]);
    expect([r('x-ga'), r('x-gb'), r('x-gc')]).toEqual([true, true, true]);
  });

  it('parses a raw HTTP/1 header block, skipping the start line', () => {
    expect(parseHeaderBlock('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nbad line\r\n\r\n')).toEqual([
      ['Content-Type', 'text/plain'],
      ['Set-Cookie', 'a=1'],
      ['Set-Cookie', 'b=2'],
    ]);
    expect(parseHeaderBlock('HTTP/1.1 204 No Content')).toEqual([]);
    expect(parseHeaderBlock(':bad\r\nx: 1\r\n: no name\r\nY:2')).toEqual([['x', '1'], ['Y', '2']]);
  });
});

describe('URL allow/deny', () => {
  it.each([
    [[], [], 'http://a.test/x', true],
    [['http://a.test'], [], 'http://a.test/x', true],
    [['http://a.test'], [], 'http://a.test.evil/x', false],
    [['http://a.test'], [], 'http://b.test/', false],
    [[], ['http://a.test/login'], 'http://a.test/login?x', false],
    [[], ['http://a.test/login'], 'http://a.test/logins', true],
    [['http://a.test'], ['http://a.test/private/'], 'http://a.test/private/1', false],
    [[/\/api\//], [], 'http://z.test/api/1', true],
    [[/\/api\//g], [], 'http://z.test/api/2', true],
  ] as const)('allow %j deny %j: %s → %s', (allow, deny, url, expected) => {
    const f = urlFilter(toUrlPatterns([...allow]), toUrlPatterns([...deny]));
    expect(f(url)).toBe(expected);
    expect(f(url)).toBe(expected); // stable across calls (lastIndex)
  });
});

describe('content types', () => {
  it.each([
    [undefined, 'text'],
    ['', 'text'],
    ['application/json', 'text'],
    ['application/json; charset=utf-8', 'text'],
    ['application/vnd.api+json', 'text'],
    ['application/problem+json', 'text'],
    ['text/plain', 'text'],
    ['TEXT/HTML; charset=UTF-8', 'text'],
    ['text/event-stream', 'text'],
    ['application/x-www-form-urlencoded', 'text'],
    ['application/xml', 'text'],
    ['application/soap+xml', 'text'],
    ['application/graphql', 'text'],
    ['application/graphql-response+json', 'text'],
    ['application/javascript', 'text'],
    ['application/x-ndjson', 'text'],
    ['multipart/form-data; boundary=x', 'multipart'],
    ['multipart/mixed', 'multipart'],
    ['application/octet-stream', 'binary'],
    ['image/png', 'binary'],
    ['application/pdf', 'binary'],
    ['application/protobuf', 'binary'],
    ['application/x-protobuf', 'binary'],
    ['application/zip', 'binary'],
    ['video/mp4', 'binary'],
  ])('%s → %s', (ct, kind) => expect(classifyContentType(ct)).toBe(kind));

  it.each([
    [undefined, 'identity'],
    ['identity', 'identity'],
    ['gzip', 'gzip'],
    ['x-gzip', 'gzip'],
    ['GZIP', 'gzip'],
    ['deflate', 'deflate'],
    ['br', 'br'],
    ['zstd', 'unsupported'],
    ['gzip, br', 'unsupported'],
  ])('content-encoding %s → %s', (h, e) => expect(parseContentEncoding(h)).toBe(e));
});

describe('UTF-8 cut', () => {
  // 'é' = C3 A9, '€' = E2 82 AC, '😀' = F0 9F 98 80
  it.each([
    ['abc', 2, 2],
    ['abc', 3, 3],
    ['abc', 10, 3],
    ['aé', 2, 1],
    ['aé', 3, 3],
    ['a€', 2, 1],
    ['a€', 3, 1],
    ['a€', 4, 4],
    ['a😀', 4, 1],
    ['a😀', 5, 5],
    ['😀', 0, 0],
  ])('%s cut at %d bytes → %d', (s, max, cut) => expect(utf8CutPoint(enc(s), max)).toBe(cut));

  it('decodes on a boundary and says whether it cut', () => {
    expect(decodeUtf8Capped(enc('héllo'), 2)).toEqual({ text: 'h', truncated: true });
    expect(decodeUtf8Capped(enc('héllo'), 3)).toEqual({ text: 'hé', truncated: true });
    expect(decodeUtf8Capped(enc('héllo'), 99)).toEqual({ text: 'héllo', truncated: false });
    expect(decodeUtf8Capped(new Uint8Array([0xff, 0x41]), 10).text).toBe('\uFFFDA');
    expect(capStringUtf8('€€€', 7)).toEqual({ text: '€€', truncated: true });
    expect(capStringUtf8('short', 64)).toEqual({ text: 'short', truncated: false });
  });
});

describe('body key masking', () => {
  const keys = bodyKeyMatcher(['customerRef']);
  it.each([
    ['password', true],
    ['newPassword', true],
    ['access_token', true],
    ['refreshToken', true],
    ['client-secret', true],
    ['apiKey', true],
    ['api_key', true],
    ['Authorization', true],
    ['sessionId', true],
    ['pin', true],
    ['cvv', true],
    ['customer_ref', true],
    ['spinner', false],
    ['shipping', false],
    ['username', false],
    ['email', false],
    ['id', false],
  ])('%s sensitive: %s', (k, expected) => expect(keys(k)).toBe(expected));

  it.each([
    ['{"id":1,"name":"x"}', false],
    ['{"Password":1}', true],
    ['{"api_key":1}', true],
    ['{"API-KEY":1}', true],
    ['pass+word=1', true],
    ['{"customer.ref":1}', true],
    ['{"pass\\u0077ord":1}', true],
    ['pass%77ord=1', true],
    ['{"passw":1,"cred":2,"to_ke":3,"aut":4}', false],
    ['{"AUTHORIZATION":1}', true],
    ['{"pass.wd":1}', true],
  ])('prefilter: %s may contain a sensitive key: %s', (text, expected) => expect(keys.mayContain(text)).toBe(expected));

  it('prefilter finds every key, custom ones too, whatever the separators between letters and the case', () => {
    // Cases are spelled out in the prefilter (`[pP]`), so also keys with digits, accents and caseless letters.
    const matcher = bodyKeyMatcher(['customer.ref', 'x+y', 'q', 'clé', 'k2', '日本']);
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (const key of [...DEFAULT_SENSITIVE_BODY_KEYS, 'customerref', 'x+y', 'q', 'clé', 'k2', '日本']) {
      const spaced = [...key].map((c, i) => (i && random(2) ? '_-. +'[random(5)] : '') + (random(2) ? c.toUpperCase() : c)).join('');
      expect(matcher.mayContain(`{"a":1,"${spaced}":2}`), spaced).toBe(true);
    }
  });

  it('escaped and form-encoded keys are still masked', () => {
    expect(maskBody('{"pass\\u0077ord":"x"}', 'application/json', true, keys)).toBe('{"password":"[REDACTED]"}');
    expect(maskBody('pass+word=x&a=1', 'application/x-www-form-urlencoded', true, keys)).toBe('pass+word=%5BREDACTED%5D&a=1');
  });

  it.each([
    ['complete JSON: whole values masked, shape kept', '{"user":"ann","password":"hunter2","auth":{"a":1},"n":[{"token":5}]}', 'application/json', true, '{"user":"ann","password":"[REDACTED]","auth":"[REDACTED]","n":[{"token":"[REDACTED]"}]}'],
    ['JSON without secrets keeps its bytes', '{ "a" : 1 }', 'application/json', true, '{ "a" : 1 }'],
    ['cut JSON is masked token by token', '{"user":"ann","password":"hunter2","token":"abcd', 'application/json', false, '{"user":"ann","password":"[REDACTED]","token":"[REDACTED]"'],
    ['cut JSON with numbers and booleans', '{"pin": 1234, "ok": true, "secret": false', 'application/json', false, '{"pin": "[REDACTED]", "ok": true, "secret": "[REDACTED]"'],
    ['escaped quotes inside secrets', '{"password":"a\\"b","x":1}', 'application/vnd.x+json', false, '{"password":"[REDACTED]","x":1}'],
    ['JSON sniffed without content type', '{"password":"p"}', undefined, true, '{"password":"[REDACTED]"}'],
    ['form fields', 'user=ann&password=hunter2&api_key=k&empty=', 'application/x-www-form-urlencoded', true, 'user=ann&password=%5BREDACTED%5D&api_key=%5BREDACTED%5D&empty='],
    ['plain text untouched', 'password=hunter2', 'text/plain', true, 'password=hunter2'],
  ])('%s', (_name, text, ct, complete, expected) => {
    expect(maskBody(text, ct, complete, keys)).toBe(expected);
  });
});

describe('BodyCollector', () => {
  it('keeps at most its limit, counts everything, copies what it keeps', () => {
    const c = new BodyCollector(5);
    const first = enc('abc');
    c.add(first);
    first[0] = 0x7a; // the app reuses its buffer: our copy must not change
    c.add(enc('defgh'));
    c.add(enc('ijk'));
    expect(new TextDecoder().decode(c.bytes())).toBe('abcde');
    expect(c.total).toBe(11);
    expect(c.full).toBe(true);
  });

  it('can switch to counting only, dropping what it kept', () => {
    const c = new BodyCollector(100);
    c.add(enc('abc'));
    c.countOnly();
    c.add(enc('defg'));
    expect(c.bytes().byteLength).toBe(0);
    expect(c.total).toBe(7);
    expect(c.full).toBe(true);
  });
});

describe('capture policy', () => {
  const raw = (over: Partial<RawBody>): RawBody => ({ direction: 'response', url: 'http://a.test/x', method: 'GET', contentType: 'application/json', bytes: new Uint8Array(), complete: true, ...over });

  it('never captures the export URL', () => {
    const p = createCapturePolicy(DEFAULT_NETWORK_CAPTURE, ['http://127.0.0.1:4318/v1/traces']);
    expect(p.shouldCapture('http://127.0.0.1:4318/v1/traces')).toBe(false);
    expect(p.shouldCapture('http://127.0.0.1:4318/other')).toBe(true);
  });

  it.each([
    ['short JSON', { bytes: enc('{"a":"b"}'), totalBytes: 9 }, { 'http.response.body': '{"a":"b"}', 'http.response.body.size': 9 }],
    ['cut at the cap on a UTF-8 boundary, size kept', { contentType: 'text/plain', bytes: enc('aééééééééé'), totalBytes: 5_000_000 }, { 'http.response.body': 'aééééééé', 'http.response.body.truncated': true, 'http.response.body.size': 5_000_000 }],
    ['collector stopped early', { contentType: 'text/plain', bytes: enc('abc'), cut: true }, { 'http.response.body': 'abc', 'http.response.body.truncated': true }],
    ['binary summarised', { contentType: 'image/png', bytes: enc('xx'), totalBytes: 2 }, { 'http.response.body.skipped': 'binary', 'http.response.body.size': 2 }],
    ['multipart summarised', { contentType: 'multipart/form-data; boundary=b', totalBytes: 10 }, { 'http.response.body.skipped': 'multipart', 'http.response.body.size': 10 }],
    ['undecodable encoding', { bytes: enc('x'), undecodable: true }, { 'http.response.body.skipped': 'encoding' }],
    ['empty body: nothing', { totalBytes: 0 }, { 'http.response.body.size': 0 }],
    ['masked JSON', { direction: 'request', bytes: enc('{"password":"p"}') }, { 'http.request.body': '{"password":"[REDACTED]"}' }],
  ] as const)('%s', (_name, over, expected) => {
    const p = createCapturePolicy({ ...DEFAULT_NETWORK_CAPTURE, maxBodyBytes: 16 });
    expect(p.body(raw(over as Partial<RawBody>))).toEqual(expected);
  });

  it.each([
    ['short', '{"a":"b"}'],
    ['at the cap', 'x'.repeat(16)],
    ['one past the cap', 'x'.repeat(17)],
    ['a character across the cap', 'aaaaaaaaaaaaaaa€'],
    ['a surrogate pair across the cap', 'aaaaaaaaaaaaaaa😀tail'],
    ['many multi-byte characters', 'é'.repeat(40)],
    ['a long body, masked', '{"password":"' + 'p'.repeat(1000) + '"}'],
    ['empty', ''],
  ])('a text body (%s) gets exactly the attributes of its UTF-8 bytes', (_name, text) => {
    const p = createCapturePolicy({ ...DEFAULT_NETWORK_CAPTURE, maxBodyBytes: 16 });
    const bytes = enc(text);
    const asBytes = p.body(raw({ direction: 'request', bytes: bytes.subarray(0, p.collectBytes), totalBytes: bytes.byteLength }));
    expect(p.body(raw({ direction: 'request', bytes: undefined, text, totalBytes: bytes.byteLength }))).toEqual(asBytes);
  });

  it('cuts a large text body without encoding it whole', () => {
    const p = createCapturePolicy({ ...DEFAULT_NETWORK_CAPTURE, maxBodyBytes: 16 });
    const encode = vi.spyOn(TextEncoder.prototype, 'encode');
    try {
      expect(p.body(raw({ contentType: 'text/plain', bytes: undefined, text: 'y'.repeat(1_000_000) }))).toEqual({ 'http.response.body': 'y'.repeat(16), 'http.response.body.truncated': true });
      expect(Math.max(...encode.mock.calls.map(([s]) => (s ?? '').length))).toBeLessThanOrEqual(17);
    } finally {
      encode.mockRestore();
    }
  });

  it('runs the hook: rewrite (capped), keep, drop, throw', () => {
    const seen: unknown[] = [];
    const mk = (hook: (b: string) => string | null | undefined) =>
      createCapturePolicy({ ...DEFAULT_NETWORK_CAPTURE, maxBodyBytes: 8, bodyHook: (b, info) => (seen.push(info), hook(b)) });
    expect(mk((b) => b.toUpperCase()).body(raw({ bytes: enc('{"a":1}') }))).toEqual({ 'http.response.body': '{"A":1}' });
    expect(mk(() => 'x'.repeat(20)).body(raw({ bytes: enc('{}') }))).toEqual({ 'http.response.body': 'xxxxxxxx', 'http.response.body.truncated': true });
    expect(mk(() => undefined).body(raw({ bytes: enc('{}') }))).toEqual({ 'http.response.body': '{}' });
    expect(mk(() => null).body(raw({ bytes: enc('{}') }))).toEqual({ 'http.response.body.skipped': 'hook' });
    expect(mk(() => { throw new Error('x'); }).body(raw({ bytes: enc('{}') }))).toEqual({ 'http.response.body.skipped': 'hook' });
    expect(seen[0]).toEqual({ direction: 'response', url: 'http://a.test/x', method: 'GET', contentType: 'application/json' });
  });

  it('collects the cap plus UTF-8 slack', () => {
    expect(createCapturePolicy(DEFAULT_NETWORK_CAPTURE).collectBytes).toBe(64 * 1024 + 3);
  });
});
