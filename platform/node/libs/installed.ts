/**
 * "Is this package installed in the app?" without loading it: a look for
 * `node_modules/<name>/package.json` in the app's folders and their parents, the way Node's own
 * resolution walks up. A few `stat`s per library, no `require`, no reading of the package.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Where the app lives: its entry script's folder (not known under the runner yet) and the cwd. */
export function appRoots(): string[] {
  const roots = [process.cwd()];
  const entry = process.argv[1];
  if (entry) roots.unshift(dirname(resolve(entry)));
  return [...new Set(roots)];
}

export function createInstalledCheck(roots: readonly string[]): (pkg: string) => boolean {
  // Every folder from each root up to the filesystem root, once.
  const folders: string[] = [];
  for (const root of roots) {
    for (let dir = resolve(root); ; dir = dirname(dir)) {
      if (!folders.includes(dir)) folders.push(dir);
      if (dirname(dir) === dir) break;
    }
  }
  return (pkg) => folders.some((dir) => existsSync(join(dir, 'node_modules', pkg, 'package.json')));
}
