/**
 * Where the browser keeps the RUM session between page loads (the policy is src/session).
 * Any storage that throws (disabled cookies, sandboxed iframe, Safari private mode) falls back to
 * memory: the session then lasts one page load, and nothing reaches the app.
 */
import type { SessionPersistence } from '../../src/config/options';
import { SESSION_MAX_DURATION_MILLIS, type SessionDeps, type SessionStore } from '../../src/session/session';

const STORAGE_KEY = 'clickstack.session';
const COOKIE_NAME = 'clickstack_session';

export function createBrowserSessionDeps(persistence: SessionPersistence): SessionDeps {
  return { store: createStore(persistence), now: () => Date.now(), randomId };
}

function createStore(persistence: SessionPersistence): SessionStore {
  let memory: string | undefined;
  const inMemory: SessionStore = { read: () => memory, write: (v) => void (memory = v) };
  try {
    if (persistence === 'cookie' && typeof document !== 'undefined') return cookieStore();
    if (persistence === 'sessionStorage' || persistence === 'localStorage') {
      const storage = globalThis[persistence];
      // Touching the property can throw (blocked storage); so can the first write (quota).
      storage.getItem(STORAGE_KEY);
      return {
        read: () => storage.getItem(STORAGE_KEY) ?? undefined,
        write: (v) => storage.setItem(STORAGE_KEY, v),
      };
    }
  } catch {
    // fall through to memory
  }
  return inMemory;
}

function cookieStore(): SessionStore {
  const maxAgeSeconds = Math.ceil(SESSION_MAX_DURATION_MILLIS / 1000);
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  return {
    read() {
      for (const part of document.cookie.split('; ')) {
        if (part.startsWith(`${COOKIE_NAME}=`)) return decodeURIComponent(part.slice(COOKIE_NAME.length + 1));
      }
      return undefined;
    },
    write(v) {
      document.cookie = `${COOKIE_NAME}=${encodeURIComponent(v)}; Path=/; Max-Age=${maxAgeSeconds}; SameSite=Lax${secure}`;
    },
  };
}

/** 128 bits from the platform CSPRNG, as 32 lowercase hex characters. */
function randomId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let hex = '';
  for (const b of bytes) hex += (b < 16 ? '0' : '') + b.toString(16);
  return hex;
}
