// The redis e2e case needs Debian's redis-server (a real server on 127.0.0.1, no Docker).
// Present → nothing to do. Missing and root with apt → install it. Otherwise fail loudly, saying how.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

export const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';

export function ensureRedis() {
  if (existsSync(REDIS_SERVER)) return REDIS_SERVER;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log(`[setup] ${REDIS_SERVER} is missing: installing Debian's redis-server with apt-get…`);
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server', { stdio: 'inherit' });
    // The package starts a system service on :6379; the tests start their own on a free port.
    execSync('(systemctl stop redis-server || service redis-server stop) >/dev/null 2>&1 || true', { stdio: 'inherit' });
    if (existsSync(REDIS_SERVER)) return REDIS_SERVER;
  }
  console.error(
    `[setup] redis-server not found at ${REDIS_SERVER}. Install it with:\n` +
      `    sudo apt-get update && sudo apt-get install -y redis-server\n` +
      `or point REDIS_SERVER_PATH at a redis-server binary.`,
  );
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) ensureRedis();
