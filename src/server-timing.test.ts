import { describe, expect, it } from 'vitest';
import { parseServerTimingTraceparent } from './server-timing';

const T = '0af7651916cd43dd8448eb211c80319c';
const S = 'b7ad6b7169203331';

describe('parseServerTimingTraceparent', () => {
  it.each([
    [`traceparent;desc="00-${T}-${S}-01"`, { traceId: T, spanId: S, sampled: true }],
    [`db;dur=53, traceparent;desc=00-${T}-${S}-00`, { traceId: T, spanId: S, sampled: false }],
    [`cache;desc="hit", TraceParent ; desc = "00-${T.toUpperCase()}-${S}-03"`, { traceId: T, spanId: S, sampled: true }],
  ])('reads %s', (header, expected) => {
    expect(parseServerTimingTraceparent(header)).toEqual(expected);
  });

  it.each([
    null,
    '',
    'db;dur=53',
    `traceparent;desc="01-${T}-${S}-01"`,
    `traceparent;desc="00-${'0'.repeat(32)}-${S}-01"`,
    `notraceparent;desc="00-${T}-${S}-01"`,
    `x;desc="${'a'.repeat(5000)}", traceparent;desc="00-${T}-${S}-01"`,
  ])('ignores %s', (header) => {
    expect(parseServerTimingTraceparent(header)).toBeUndefined();
  });
});
