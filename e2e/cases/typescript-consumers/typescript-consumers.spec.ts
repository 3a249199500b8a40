/**
 * TypeScript users of the packed tarball: `tsc --noEmit` (TypeScript from the repo, strict, no
 * skipLibCheck, so the shipped .d.ts files are checked too) over files using every documented
 * option and entry (server.ts, browser.ts, and edge.ts for withTracing, against whichever build
 * the conditions pick), under each moduleResolution a project can pick, for both package types where
 * that changes which declaration file (.d.ts or .d.cts) is resolved.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../fixtures/consumer.mjs';
import { expect, test } from '../../fixtures/test';

const TSC = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const VARIANTS = [
  { name: 'bundler-esm', type: 'module', module: 'esnext', moduleResolution: 'bundler' },
  { name: 'bundler-browser-condition', type: 'module', module: 'esnext', moduleResolution: 'bundler', customConditions: ['browser'] },
  { name: 'bundler-worker-condition', type: 'module', module: 'esnext', moduleResolution: 'bundler', customConditions: ['worker'] },
  // Next.js edge routes and middleware (Vercel's Edge Runtime) and Cloudflare Workers resolve the edge build.
  { name: 'bundler-edge-light-condition', type: 'module', module: 'esnext', moduleResolution: 'bundler', customConditions: ['edge-light'] },
  { name: 'bundler-workerd-condition', type: 'module', module: 'esnext', moduleResolution: 'bundler', customConditions: ['workerd'] },
  { name: 'node16-esm', type: 'module', module: 'node16', moduleResolution: 'node16' },
  { name: 'node16-cjs', type: 'commonjs', module: 'node16', moduleResolution: 'node16' },
  { name: 'nodenext-esm', type: 'module', module: 'nodenext', moduleResolution: 'nodenext' },
  { name: 'nodenext-cjs', type: 'commonjs', module: 'nodenext', moduleResolution: 'nodenext' },
] as const;

for (const v of VARIANTS) {
  test(`tsc --noEmit: moduleResolution ${v.moduleResolution}, ${v.name}`, async ({ consumer }) => {
    const files = ['server.ts', 'browser.ts', 'edge.ts'];
    const base = consumer.stage(...files);
    const dir = join(base, v.name);
    mkdirSync(dir, { recursive: true });
    for (const f of files) copyFileSync(join(base, f), join(dir, f));
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `ts-${v.name}`, private: true, type: v.type })}\n`);
    const compilerOptions = {
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      target: 'es2022',
      lib: ['es2022', 'dom'],
      module: v.module,
      moduleResolution: v.moduleResolution,
      ...('customConditions' in v ? { customConditions: v.customConditions } : {}),
      // @types/node from the repo: the consumer project does not install it.
      typeRoots: [join(REPO_ROOT, 'node_modules', '@types')],
      types: ['node'],
      traceResolution: true,
    };
    writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify({ compilerOptions, files }, null, 2)}\n`);
    const r = spawnSync(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json')], { cwd: dir, encoding: 'utf8' });
    const errors = r.stdout.split('\n').filter((l) => /error TS\d+/.test(l));
    expect(errors, 'type errors').toEqual([]);
    expect(r.status, r.stderr).toBe(0);
    // Which declaration files the package's entries resolved to, so a wrong export map shows.
    const resolved = [...r.stdout.matchAll(/Module name '(clickstack-otel[^']*)' was successfully resolved to '([^']+)'/g)].map(
      ([, spec, file]) => `${spec} -> ${file!.slice(file!.indexOf('clickstack-otel/') + 'clickstack-otel/'.length)}`,
    );
    const unique = [...new Set(resolved)].sort();
    const ext = v.type === 'commonjs' ? 'd.cts' : 'd.ts';
    const condition = 'customConditions' in v ? v.customConditions[0] : undefined;
    const side = condition === 'edge-light' || condition === 'workerd' ? 'edge' : v.moduleResolution === 'bundler' ? 'browser' : 'node';
    expect(unique).toEqual(
      [
        `clickstack-otel -> dist/${side}/index.${ext}`,
        `clickstack-otel/register -> dist/node/register.${ext}`,
        `clickstack-otel/web-vitals -> dist/browser/web-vitals.${ext}`,
        `clickstack-otel/replay -> dist/browser/replay.${ext}`,
      ].sort(),
    );
  });
}
