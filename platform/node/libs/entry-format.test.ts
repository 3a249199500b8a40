import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { entryIsEsm } from './entry-format';

describe('entryIsEsm', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cs-entry-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'esm', 'src'), { recursive: true });
  writeFileSync(join(dir, 'esm', 'package.json'), '{"type":"module"}');
  mkdirSync(join(dir, 'cjs'), { recursive: true });
  writeFileSync(join(dir, 'cjs', 'package.json'), '{"name":"x"}');

  it.each([
    ['app.mjs', true],
    ['app.cjs', false],
    ['esm/src/server.js', true],
    ['esm/src/server.cjs', false],
    ['cjs/server.js', false],
  ])('%s → %s', (file, expected) => expect(entryIsEsm(join(dir, file))).toBe(expected));

  it('no entry (node -e, REPL) may import anything', () => expect(entryIsEsm(undefined)).toBe(true));
});
