import type { EnvRecord } from '../../src/config/resolve';

/** A snapshot of `process.env`, taken when `init()` runs (never at import). */
export function readEnv(): EnvRecord {
  return { ...process.env };
}
