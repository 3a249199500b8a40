import { describe, expect, it } from 'vitest';
import { createKeepaliveBudget, KEEPALIVE_BUDGET_BYTES, MAX_KEEPALIVE_REQUESTS } from './keepalive-budget';

describe('keepalive budget', () => {
  it('stays under the browsers\' shared 64 KiB with headroom', () => {
    expect(KEEPALIVE_BUDGET_BYTES).toBeLessThan(64 * 1024);
  });

  it('admits requests while their bodies fit, and refuses the one that would not', () => {
    const budget = createKeepaliveBudget(100, 10);
    expect(budget.tryReserve(60)).toBe(true);
    expect(budget.tryReserve(40)).toBe(true); // exactly full
    expect(budget.tryReserve(1)).toBe(false);
    expect(budget.inFlight()).toEqual({ bytes: 100, requests: 2 });
  });

  it('a refused request reserves nothing; a release makes room again', () => {
    const budget = createKeepaliveBudget(100, 10);
    expect(budget.tryReserve(80)).toBe(true);
    expect(budget.tryReserve(30)).toBe(false);
    expect(budget.inFlight()).toEqual({ bytes: 80, requests: 1 });
    budget.release(80);
    expect(budget.tryReserve(30)).toBe(true);
    expect(budget.inFlight()).toEqual({ bytes: 30, requests: 1 });
  });

  it('a body larger than the whole budget never uses keepalive', () => {
    const budget = createKeepaliveBudget();
    expect(budget.tryReserve(KEEPALIVE_BUDGET_BYTES + 1)).toBe(false);
    expect(budget.tryReserve(KEEPALIVE_BUDGET_BYTES)).toBe(true);
  });

  it(`caps the number of pending keepalive requests at ${MAX_KEEPALIVE_REQUESTS}`, () => {
    const budget = createKeepaliveBudget(1e9);
    for (let i = 0; i < MAX_KEEPALIVE_REQUESTS; i++) expect(budget.tryReserve(1)).toBe(true);
    expect(budget.tryReserve(1)).toBe(false);
    budget.release(1);
    expect(budget.tryReserve(1)).toBe(true);
  });

  it('never goes negative on an unmatched release', () => {
    const budget = createKeepaliveBudget(100, 10);
    budget.release(50);
    expect(budget.inFlight()).toEqual({ bytes: 0, requests: 0 });
    expect(budget.tryReserve(100)).toBe(true);
    expect(budget.tryReserve(1)).toBe(false);
  });
});
