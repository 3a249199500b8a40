// `npm test`: everything CI checks, in the order that fails fastest. Stops at the first failing
// step, names it, and ends with one line of counts: "tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ensureChromium } from './ensure-chromium.mjs';
import { ensureRedis } from './ensure-redis.mjs';

const work = new URL('../.work/', import.meta.url).pathname;
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

const steps = [
  ['build', 'npm run build'],
  ['core boundary', 'npm run check:boundary'],
  ['typecheck', 'npm run typecheck'],
  ['unit tests', `npx vitest run --reporter=default --reporter=json --outputFile.json=${work}vitest.json`],
  ['bundle size budget', 'npm run size'],
  ['e2e (Chromium + Node, packed tarball)', 'npx playwright test -c e2e/playwright.config.ts --reporter=list,json'],
  ['package checks (publint, attw)', 'npm run lint:pkg'],
];

ensureChromium();
ensureRedis(); // e2e/cases/redis runs a real redis-server on 127.0.0.1
const timings = [];
let failed;
for (const [name, command] of steps) {
  console.log(`\n▶ ${name}: ${command}`);
  const started = Date.now();
  const env = { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: `${work}playwright.json` };
  const { status } = spawnSync(command, { shell: true, stdio: 'inherit', env });
  timings.push(`${name} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (status !== 0) {
    failed = name;
    break;
  }
}

const counts = { passed: 0, failed: 0, skipped: 0 };
try {
  const v = JSON.parse(readFileSync(`${work}vitest.json`, 'utf8'));
  counts.passed += v.numPassedTests;
  counts.failed += v.numFailedTests;
  counts.skipped += v.numPendingTests + v.numTodoTests;
} catch {}
try {
  const p = JSON.parse(readFileSync(`${work}playwright.json`, 'utf8')).stats;
  counts.passed += p.expected + p.flaky;
  counts.failed += p.unexpected;
  counts.skipped += p.skipped;
} catch {}

console.log(`\n${timings.join(' · ')}`);
if (failed) console.error(`✗ npm test failed at: ${failed}`);
console.log(`tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(failed ? 1 : 0);
