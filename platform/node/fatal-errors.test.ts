import { afterEach, describe, expect, it } from 'vitest';
import { init, shutdown } from './index';

const DEAD_COLLECTOR = 'http://127.0.0.1:9';
const EVENTS = ['uncaughtExceptionMonitor', 'exit', 'warning'] as const;
const counts = () => EVENTS.map((e) => process.listenerCount(e));

afterEach(() => shutdown());

describe('Node error capture listeners', () => {
  it('adds only non-intrusive listeners, never uncaughtException/unhandledRejection, and removes them on shutdown', async () => {
    const before = counts();
    const intrusive = [process.listenerCount('uncaughtException'), process.listenerCount('unhandledRejection')];
    init({ url: DEAD_COLLECTOR });
    expect(counts()).toEqual(before.map((n) => n + 1));
    expect([process.listenerCount('uncaughtException'), process.listenerCount('unhandledRejection')]).toEqual(intrusive);
    await shutdown();
    expect(counts()).toEqual(before);
  });

  it('adds nothing with errorCapture: false', () => {
    const before = counts();
    init({ url: DEAD_COLLECTOR, errorCapture: false });
    expect(counts()).toEqual(before);
  });
});
