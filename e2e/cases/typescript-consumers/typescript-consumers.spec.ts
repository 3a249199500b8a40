/**
 * TypeScript users of the packed tarball: `tsc --noEmit` (TypeScript from the repo, strict, no
 * skipLibCheck, so the shipped .d.ts files are checked too) over files using every documented
 * option and entry (server.ts, browser.ts, and edge.ts for withTracing, against whichever build
 * the conditions pick), under each moduleResolution a project can pick, for both package types where
 * that changes which declaration file (.d.ts or .d.cts) is resolved.
 */
import { spawn } from 'node:child_process';
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

type Variant = (typeof VARIANTS)[number];
const FILES = ['server.ts', 'browser.ts', 'edge.ts'];
/** tsc is single-threaded: two at a time use both cores, which halves the case's wall time. */
const CONCURRENCY = 2;
// Nine type-checks of the package and @types/node each, two at a time on a busy machine.
test.setTimeout(150_000);

interface TscRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Writes the variant's project and runs tsc on it. */
function typeCheck(base: string, v: Variant): Promise<TscRun> {
  const dir = join(base, v.name);
  mkdirSync(dir, { recursive: true });
  for (const f of FILES) copyFileSync(join(base, f), join(dir, f));
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
  writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify({ compilerOptions, files: FILES }, null, 2)}\n`);
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json')], { cwd: dir });
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    proc.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    proc.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Every variant's run, started by the first test (the staged files are the same for all), CONCURRENCY at a time. */
let runs: Map<string, Promise<TscRun>> | undefined;
function allRuns(consumer: { stage(...files: string[]): string }): Map<string, Promise<TscRun>> {
  if (runs) return runs;
  const base = consumer.stage(...FILES);
  let slots: Promise<unknown>[] = Array.from({ length: CONCURRENCY }, () => Promise.resolve());
  runs = new Map();
  VARIANTS.forEach((v, i) => {
    const run = slots[i % CONCURRENCY]!.then(() => typeCheck(base, v));
    slots[i % CONCURRENCY] = run;
    runs!.set(v.name, run);
  });
  slots = [];
  return runs;
}

for (const v of VARIANTS) {
  test(`tsc --noEmit: moduleResolution ${v.moduleResolution}, ${v.name}`, async ({ consumer }) => {
    const r = await allRuns(consumer).get(v.name)!;
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
