import { describe, expect, it } from 'vitest';
import { NODE_RUNTIME, resolveConfig } from './config/resolve';
import { matchesPropagationTarget } from './propagation-targets';

const targets = (t: unknown) => resolveConfig({ tracePropagationTargets: t as never }, {}, NODE_RUNTIME).config.tracePropagationTargets;

describe('matchesPropagationTarget', () => {
  it('asks a function with the full URL', () => {
    const seen: string[] = [];
    const only = targets((url: string) => (seen.push(url), url.includes('/api/')));
    expect(matchesPropagationTarget(only, 'https://a.test/api/x')).toBe(true);
    expect(matchesPropagationTarget(only, 'https://a.test/static/x')).toBe(false);
    expect(seen).toEqual(['https://a.test/api/x', 'https://a.test/static/x']);
  });

  it('treats a throwing or truthy-but-not-true predicate as no match', () => {
    const broken = targets([() => { throw new Error('boom'); }, () => 'yes']);
    expect(matchesPropagationTarget(broken, 'https://a.test/')).toBe(false);
  });

  it('tests a global RegExp from the start every time', () => {
    const g = targets(/a\.test/g);
    expect([1, 2, 3].map(() => matchesPropagationTarget(g, 'https://a.test/'))).toEqual([true, true, true]);
  });

  it('matches nothing without targets', () => {
    expect(matchesPropagationTarget(targets(undefined), 'https://a.test/')).toBe(false);
  });
});
