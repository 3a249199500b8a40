/**
 * The RUM session policy, platform-free: one random id per visit that survives reloads,
 * rotates after SESSION_IDLE_TIMEOUT_MILLIS without activity or SESSION_MAX_DURATION_MILLIS in
 * total, and is persisted through a small key-value store the platform provides (sessionStorage,
 * localStorage or a cookie in browsers). The clock is injected so rotation is testable without
 * waiting, and storage failures (private mode, blocked cookies) degrade to a per-page session.
 */

/** No span, click or API call for this long ends the session (the usual RUM convention). */
export const SESSION_IDLE_TIMEOUT_MILLIS = 15 * 60 * 1000;
/** A session never lasts longer than this, however active. */
export const SESSION_MAX_DURATION_MILLIS = 4 * 60 * 60 * 1000;
/** Activity is written back at most this often; a rotation is written at once. */
export const SESSION_WRITE_INTERVAL_MILLIS = 1000;

export interface SessionRecord {
  /** 32 lowercase hex characters (128 random bits). */
  id: string;
  startedAt: number;
  lastActiveAt: number;
}

export interface SessionStore {
  read(): string | undefined;
  write(value: string): void;
}

export interface SessionDeps {
  store: SessionStore;
  now(): number;
  randomId(): string;
}

export interface Session {
  /** The current session id, rotating first if the session expired; counts as activity. */
  touch(): string;
  /** The current session id, rotating first if expired, without counting as activity. */
  peek(): string;
  /** Writes the latest activity now (page hide), ignoring the write interval. */
  persist(): void;
}

const RECORD = /^([0-9a-f]{32})\.(\d+)\.(\d+)$/;

export function serializeSession(r: SessionRecord): string {
  return `${r.id}.${r.startedAt}.${r.lastActiveAt}`;
}

export function parseSession(raw: string | undefined): SessionRecord | undefined {
  const m = raw ? RECORD.exec(raw) : null;
  return m ? { id: m[1]!, startedAt: Number(m[2]), lastActiveAt: Number(m[3]) } : undefined;
}

export function isExpired(r: SessionRecord, now: number): boolean {
  return now - r.lastActiveAt >= SESSION_IDLE_TIMEOUT_MILLIS || now - r.startedAt >= SESSION_MAX_DURATION_MILLIS;
}

export function createSession({ store, now, randomId }: SessionDeps): Session {
  const safeRead = () => {
    try {
      return parseSession(store.read());
    } catch {
      return undefined;
    }
  };
  const write = (r: SessionRecord, at: number) => {
    lastWrite = at;
    try {
      store.write(serializeSession(r));
    } catch {
      // storage refused (quota, private mode): the session lives on in memory for this page
    }
  };

  let lastWrite = -Infinity;
  let record = safeRead();
  const current = (active: boolean): string => {
    const t = now();
    if (!record || isExpired(record, t)) {
      // Another tab sharing localStorage/cookie may have started a fresh one meanwhile.
      const stored = safeRead();
      record = stored && !isExpired(stored, t) ? stored : { id: randomId(), startedAt: t, lastActiveAt: t };
      if (record !== stored) write(record, t);
    }
    if (active) {
      record.lastActiveAt = Math.max(record.lastActiveAt, t);
      if (t - lastWrite >= SESSION_WRITE_INTERVAL_MILLIS) write(record, t);
    }
    return record.id;
  };
  return {
    touch: () => current(true),
    peek: () => current(false),
    persist: () => {
      if (record) write(record, now());
    },
  };
}

/**
 * Session-based sampling: every span of a session is kept or dropped together. The decision is a
 * pure function of the id, so it survives reloads and agrees across tabs of the same session.
 */
export function isSessionSampled(id: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  return parseInt(id.slice(0, 8), 16) / 0x1_0000_0000 < rate;
}
