// Browser tests need a Chromium; Playwright cannot download one here, so we use Debian's.
// Present → nothing to do. Missing and root with apt → install it. Otherwise say exactly how.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags for headless Chromium on a machine with no outside network: without the
 * background-networking ones it keeps trying (and failing) to reach Google's services.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function ensureChromium() {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (isRoot && hasApt) {
    console.log(`[setup] ${CHROMIUM_PATH} is missing: installing Debian's chromium with apt-get (about 2 minutes)…`);
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
    if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  }
  console.error(
    `[setup] Chromium not found at ${CHROMIUM_PATH}. Install it with:\n` +
      `    sudo apt-get update && sudo apt-get install -y chromium\n` +
      `or point CHROMIUM_PATH at a Chromium/Chrome binary. (Playwright's own browser download is not used.)`,
  );
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) ensureChromium();
