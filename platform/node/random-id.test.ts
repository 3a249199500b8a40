import { describe, expect, it } from 'vitest';
import { randomHexIdFromPool } from './random-id';

describe('randomHexIdFromPool', () => {
  it('gives lower-case hex ids of the asked length, distinct, across many pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5_000; i++) {
      for (const bytes of [16, 8]) {
        const id = randomHexIdFromPool(bytes);
        expect(id).toMatch(bytes === 16 ? /^[0-9a-f]{32}$/ : /^[0-9a-f]{16}$/);
        expect(id).not.toMatch(/^0+$/);
        seen.add(id);
      }
    }
    expect(seen.size).toBe(10_000);
  });

  it('spreads its bytes evenly (each hex digit about 1/16 of the time)', () => {
    const counts = new Map<string, number>();
    let total = 0;
    for (let i = 0; i < 4_000; i++)
      for (const c of randomHexIdFromPool(16)) {
        counts.set(c, (counts.get(c) ?? 0) + 1);
        total++;
      }
    expect(counts.size).toBe(16);
    for (const n of counts.values()) expect(Math.abs(n / total - 1 / 16)).toBeLessThan(0.01);
  });
});
