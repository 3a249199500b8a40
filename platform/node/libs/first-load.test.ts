import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { onFirstLoad, packageOf } from './first-load';

describe('packageOf', () => {
  it.each([
    ['express', 'express'],
    ['express/lib/router', 'express'],
    ['@redis/client', '@redis/client'],
    ['@redis/client/dist/x.js', '@redis/client'],
    ['/app/node_modules/express/index.js', 'express'],
    ['/app/node_modules/.pnpm/pg@8/node_modules/pg/lib/index.js', 'pg'],
    ['/app/node_modules/@fastify/otel/index.js', '@fastify/otel'],
    ['C:\\app\\node_modules\\koa\\lib\\application.js', 'koa'],
    ['./local', undefined],
    ['node:http', undefined],
    ['/app/src/server.js', undefined],
    ['@scope', undefined],
  ])('%s → %s', (request, expected) => expect(packageOf(request)).toBe(expected));
});

describe('onFirstLoad', () => {
  let stop = () => {};
  afterEach(() => stop());
  const require = createRequire(import.meta.url);

  it('calls the trigger once, before the package loads, for any of its names; then gets out of the way', () => {
    const seenInCache: boolean[] = [];
    const trigger = vi.fn(() => seenInCache.push(Object.keys(require.cache).some((k) => k.includes('/node_modules/ms/'))));
    // `ms` is a small CommonJS package of the repo's dev tree, not loaded by anything else here.
    for (const k of Object.keys(require.cache)) if (k.includes('/node_modules/ms/')) delete require.cache[k];
    stop = onFirstLoad(new Map([['ms', trigger], ['ms-alias', trigger]]));
    expect(require('ms')('1s')).toBe(1000);
    require('ms');
    expect(trigger).toHaveBeenCalledOnce();
    expect(seenInCache).toEqual([false]);
  });

  it('stop() puts Module._load back', () => {
    const Module = require('node:module') as { _load: unknown };
    const before = Module._load;
    const s = onFirstLoad(new Map([['nothing-loads-this', () => {}]]));
    expect(Module._load).not.toBe(before);
    s();
    expect(Module._load).toBe(before);
  });
});

/**
 * Native `import` of a CommonJS package, in a real Node process with no ESM loader hook: the
 * preload is this very file (bundled by esbuild with require-in-the-middle) and a hook that
 * replaces the package's exports, the way pino's instrumentation does.
 */
describe('onFirstLoad: `import` of a CommonJS package goes through require-in-the-middle', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function run(app: string, appFile = 'app.mjs', files: Record<string, string> = {}) {
    dir = mkdtempSync(join(tmpdir(), 'cs-first-load-'));
    const lib = join(dir, 'node_modules', 'fake-lib');
    mkdirSync(lib, { recursive: true });
    writeFileSync(join(lib, 'package.json'), JSON.stringify({ name: 'fake-lib', version: '1.0.0', main: 'lib.js' }));
    writeFileSync(join(lib, 'lib.js'), "function fakeLib() { return 'original'; }\nmodule.exports = fakeLib;\nmodule.exports.named = fakeLib;\nmodule.exports.helper = () => 'helper';\n");
    writeFileSync(join(dir, 'preload.ts'), [
      `import { Hook } from 'require-in-the-middle';`,
      `import { onFirstLoad } from ${JSON.stringify(fileURLToPath(new URL('./first-load.ts', import.meta.url)))};`,
      `const install = () => { new Hook(['fake-lib'], (exports: any) => {`,
      `  const patched = Object.assign(() => 'patched', exports);`,
      `  patched.named = patched;`,
      `  return patched;`,
      `}); };`,
      `onFirstLoad(new Map([['fake-lib', install]]));`,
    ].join('\n'));
    buildSync({ entryPoints: [join(dir, 'preload.ts')], outfile: join(dir, 'preload.cjs'), bundle: true, platform: 'node', format: 'cjs', logLevel: 'silent',
      nodePaths: [fileURLToPath(new URL('../../../node_modules', import.meta.url))] });
    writeFileSync(join(dir, appFile), app);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return spawnSync(process.execPath, ['--require', './preload.cjs', appFile], { cwd: dir, encoding: 'utf8' });
  }

  it('default and named exports are the patched ones; require() after import agrees; no loader hook', () => {
    const out = run([
      `import { createRequire } from 'node:module';`,
      `import lib, { named, helper } from 'fake-lib';`,
      `const again = createRequire(import.meta.url)('fake-lib');`,
      `console.log([lib(), named(), helper(), again(), again === lib].join(' '));`,
    ].join('\n'));
    expect(out.stderr).toBe('');
    expect(out.stdout.trim()).toBe('patched patched helper patched true');
  });

  it('a package require()d by CommonJS first is still the patched one when imported later', () => {
    const out = run([
      `import { createRequire } from 'node:module';`,
      `const first = createRequire(import.meta.url)('fake-lib');`,
      `const { default: lib, named } = await import('fake-lib');`,
      `console.log([first(), lib(), named()].join(' '));`,
    ].join('\n'));
    expect(out.stderr).toBe('');
    expect(out.stdout.trim()).toBe('patched patched patched');
  });

  it('a package a CommonJS dependency require()s while the import of it is already linked is patched', () => {
    const out = run([
      `import viaCjs from './helper.cjs';`,
      `import lib, { named } from 'fake-lib';`,
      `console.log([viaCjs(), lib(), named(), viaCjs === lib].join(' '));`,
    ].join('\n'), 'app.mjs', { 'helper.cjs': `module.exports = require('fake-lib');\n` });
    expect(out.stderr).toBe('');
    expect(out.stdout.trim()).toBe('patched patched patched true');
  });

  it('a dynamic import() after start-up is patched too', () => {
    const out = run(`const { default: lib } = await import('fake-lib');\nconsole.log(lib());\n`);
    expect(out.stderr).toBe('');
    expect(out.stdout.trim()).toBe('patched');
  });

  it('control: without the preload the import is the original (the test can fail)', () => {
    run(`import lib from 'fake-lib';\nconsole.log(lib());\n`);
    const out = spawnSync(process.execPath, ['app.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(out.stdout.trim()).toBe('original');
  });
});
