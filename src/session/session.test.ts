import { describe, expect, it } from 'vitest';
import {
  createSession,
  isSessionSampled,
  parseSession,
  SESSION_IDLE_TIMEOUT_MILLIS,
  SESSION_MAX_DURATION_MILLIS,
  type SessionStore,
} from './session';

const MINUTE = 60_000;
/** Shared by every harness, so a "reloaded" page never draws the id of the previous one. */
let idCounter = 0;

function harness(initial?: string) {
  let value = initial;
  let writes = 0;
  let clock = 1_700_000_000_000;
  const store: SessionStore = { read: () => value, write: (v) => ((value = v), writes++) };
  const session = createSession({ store, now: () => clock, randomId: () => (++idCounter).toString(16).padStart(32, '0') });
  return {
    session,
    advance: (ms: number) => (clock += ms),
    stored: () => parseSession(value),
    writes: () => writes,
    set: (v: string | undefined) => (value = v),
  };
}

describe('session', () => {
  it('starts a session, persists it, and keeps it while active', () => {
    const h = harness();
    const id = h.session.touch();
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(h.stored()?.id).toBe(id);
    for (let i = 0; i < 10; i++) {
      h.advance(14 * MINUTE);
      expect(h.session.touch()).toBe(id);
    }
  });

  it('resumes a stored session (a reload) and rotates after 15 min idle', () => {
    const first = harness();
    const id = first.session.touch();
    const reloaded = harness(`${id}.1700000000000.1700000000000`);
    expect(reloaded.session.touch()).toBe(id);
    reloaded.advance(SESSION_IDLE_TIMEOUT_MILLIS - 1);
    expect(reloaded.session.peek()).toBe(id);
    reloaded.advance(SESSION_IDLE_TIMEOUT_MILLIS);
    const next = reloaded.session.peek();
    expect(next).not.toBe(id);
    expect(reloaded.stored()?.id).toBe(next);
  });

  it('peek does not count as activity', () => {
    const h = harness();
    const id = h.session.touch();
    h.advance(10 * MINUTE);
    h.session.peek();
    h.advance(6 * MINUTE);
    expect(h.session.peek()).not.toBe(id);
  });

  it('rotates after 4 h however active', () => {
    const h = harness();
    const id = h.session.touch();
    let t = 0;
    while (t + 10 * MINUTE < SESSION_MAX_DURATION_MILLIS) {
      h.advance(10 * MINUTE);
      t += 10 * MINUTE;
      expect(h.session.touch()).toBe(id);
    }
    h.advance(SESSION_MAX_DURATION_MILLIS - t);
    expect(h.session.touch()).not.toBe(id);
  });

  it('adopts a fresh session another tab wrote after ours expired', () => {
    const h = harness();
    h.session.touch();
    h.advance(SESSION_IDLE_TIMEOUT_MILLIS + 1);
    const other = 'ab'.repeat(16);
    h.set(`${other}.${1_700_000_000_000 + SESSION_IDLE_TIMEOUT_MILLIS}.${1_700_000_000_000 + SESSION_IDLE_TIMEOUT_MILLIS}`);
    expect(h.session.touch()).toBe(other);
  });

  it('throttles activity writes and ignores garbage and failing storage', () => {
    const h = harness('not-a-session');
    h.session.touch();
    const after = h.writes();
    for (let i = 0; i < 50; i++) h.session.touch();
    expect(h.writes()).toBe(after);
    const broken = createSession({
      store: { read: () => { throw new Error('denied'); }, write: () => { throw new Error('denied'); } },
      now: () => 0,
      randomId: () => 'f'.repeat(32),
    });
    expect(broken.touch()).toBe('f'.repeat(32));
    expect(() => broken.persist()).not.toThrow();
  });
});

describe('isSessionSampled', () => {
  it('is deterministic per id and close to the rate over many ids', () => {
    const ids = Array.from({ length: 4000 }, (_, i) => ((i * 2654435761) >>> 0).toString(16).padStart(8, '0') + '0'.repeat(24));
    const kept = ids.filter((id) => isSessionSampled(id, 0.25)).length / ids.length;
    expect(kept).toBeGreaterThan(0.2);
    expect(kept).toBeLessThan(0.3);
    expect(ids.every((id) => isSessionSampled(id, 0.25) === isSessionSampled(id, 0.25))).toBe(true);
    expect(isSessionSampled('f'.repeat(32), 1)).toBe(true);
    expect(isSessionSampled('0'.repeat(32), 0)).toBe(false);
  });
});
