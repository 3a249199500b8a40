/**
 * Is the app's entry an ES module? Decides whether the `--import` preload starts Node's ESM loader
 * hook (a loader thread, tens of milliseconds of start-up): a CommonJS app loads its libraries
 * with `require`, which require-in-the-middle already sees. Node's own rule, cheaply: `.mjs`/`.mts`
 * are ESM, `.cjs`/`.cts` are not, `.js`/`.ts` follow the nearest package.json's "type".
 * No entry (`node -e`, a REPL) counts as ESM: it may `import()` anything.
 */
import { readFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';

export function entryIsEsm(entry: string | undefined): boolean {
  if (!entry) return true;
  const ext = extname(entry);
  if (ext === '.mjs' || ext === '.mts') return true;
  if (ext === '.cjs' || ext === '.cts') return false;
  for (let dir = dirname(resolve(entry)); ; dir = dirname(dir)) {
    try {
      return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { type?: unknown }).type === 'module';
    } catch {
      // no (readable) package.json here: keep walking up
    }
    if (dirname(dir) === dir) return false;
  }
}
