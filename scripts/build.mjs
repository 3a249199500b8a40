// Clean build: the three tsup configs share output folders, so dist/ is removed once, up front.
import { rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
execFileSync('npx', ['tsup', '--silent'], { stdio: 'inherit', cwd: new URL('..', import.meta.url) });
