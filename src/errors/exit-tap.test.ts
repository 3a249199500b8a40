import { ExportResultCode } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { createExitTap } from './exit-tap';

describe('createExitTap', () => {
  it('holds what was queued and not yet handed to the exporter, oldest first', () => {
    const tap = createExitTap<string>(10);
    const sent: string[][] = [];
    const exporter = { export: (items: string[], done: (r: { code: ExportResultCode }) => void) => { sent.push(items); done({ code: ExportResultCode.SUCCESS }); }, shutdown: () => Promise.resolve() };
    const wrapped = tap.wrap(exporter);
    for (const x of ['a', 'b', 'c', 'd']) tap.add(x);
    let result: ExportResultCode | undefined;
    wrapped.export(['a', 'c'], (r) => (result = r.code));
    expect(sent).toEqual([['a', 'c']]);
    expect(result).toBe(ExportResultCode.SUCCESS);
    expect(typeof wrapped.shutdown).toBe('function'); // the rest of the exporter passes through
    expect(tap.take()).toEqual(['b', 'd']);
    expect(tap.take()).toEqual([]);
  });

  it('never holds more than its bound (the batch queue drops beyond it too)', () => {
    const tap = createExitTap<number>(3);
    for (let i = 0; i < 1000; i++) tap.add(i);
    expect(tap.take()).toEqual([997, 998, 999]);
  });
});
