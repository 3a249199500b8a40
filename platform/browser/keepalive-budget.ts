/**
 * Bookkeeping for `fetch(…, { keepalive: true })`. Browsers refuse a keepalive request (a network
 * error, not a fallback) once the bodies of all keepalive requests still in flight would exceed
 * 64 KiB (Fetch standard, "keepalive" + inflightKeepaliveBytes), and Chromium also caps how many
 * may be pending. So a request may use keepalive only if it fits what is left; otherwise it goes
 * as a normal fetch, which still works while the page lives.
 */

/** The browsers' shared 64 KiB, less headroom for other keepalive requests on the page (beacons). */
export const KEEPALIVE_BUDGET_BYTES = 60 * 1024;
/** Chromium rejects keepalive requests beyond a small per-page count; stay well under it. */
export const MAX_KEEPALIVE_REQUESTS = 10;

export interface KeepaliveBudget {
  /** Reserves `bytes` and returns true if a keepalive request of that size fits now. */
  tryReserve(bytes: number): boolean;
  /** Returns a reservation once its request has settled. */
  release(bytes: number): void;
  /** Bytes and requests currently reserved (for tests and debugging). */
  inFlight(): { bytes: number; requests: number };
}

export function createKeepaliveBudget(limitBytes = KEEPALIVE_BUDGET_BYTES, maxRequests = MAX_KEEPALIVE_REQUESTS): KeepaliveBudget {
  let bytes = 0;
  let requests = 0;
  return {
    tryReserve(size) {
      if (requests >= maxRequests || bytes + size > limitBytes) return false;
      bytes += size;
      requests += 1;
      return true;
    },
    release(size) {
      bytes = Math.max(0, bytes - size);
      requests = Math.max(0, requests - 1);
    },
    inFlight: () => ({ bytes, requests }),
  };
}
