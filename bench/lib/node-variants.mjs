/**
 * How each Node variant is started. Ours goes through the public entry point only
 * (`--import clickstack-otel/register`, resolved from the repository root by the package's own
 * name, i.e. through package.json "exports" to dist/), so the bench keeps measuring whatever
 * the build ships.
 */
import { spawn } from 'node:child_process';
import { BASELINES, ROOT } from './paths.mjs';

export const NODE_VARIANTS = {
  bare: { label: 'bare node', args: [], env: {} },
  ours: { label: 'ours (`--import clickstack-otel/register`)', args: ['--import', 'clickstack-otel/register'], env: {} },
  'ours-capture': {
    label: 'ours, capture on',
    args: ['--import', 'clickstack-otel/register'],
    env: { HYPERDX_ENABLE_ADVANCED_NETWORK_CAPTURE: '1' },
  },
  lean: {
    label: 'lean OTel (NodeTracerProvider + instrumentation-http + OTLP proto)',
    args: ['--require', `${BASELINES}lean-otel-node.cjs`],
    env: {},
  },
};

/** bare, ours (capture off/on), lean; and a compared build's two rows after ours when `--compare` added them. */
export const measuredVariants = () => ['bare', 'ours', 'ours-capture', ...('base' in NODE_VARIANTS ? ['base', 'base-capture'] : []), 'lean'];
/** Our SDK's rows (this build's or a compared one's), which get a ratio against lean and a target. */
export const isOurVariant = (v) => v.startsWith('ours') || v.startsWith('base');

/**
 * `--compare=<dist dir>` (bench/run.mjs): the same two variants of ours from another build (a copy
 * of an older `dist/`), measured in the same run, interleaved with the others: before/after.
 */
export function addComparedBuild(distDir, name = distDir) {
  const args = ['--import', `${distDir.replace(/\/$/, '')}/node/register.js`];
  NODE_VARIANTS.base = { label: `ours from \`${name}\``, args, env: {} };
  NODE_VARIANTS['base-capture'] = { label: `ours from \`${name}\`, capture on`, args, env: NODE_VARIANTS['ours-capture'].env };
}

/** The parent's environment without anything that would configure either SDK behind our back. */
function cleanEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(OTEL_|HYPERDX_)/.test(k) || k === 'DEBUG' || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  return env;
}

/**
 * Spawns `node <nodeArgs> <variant args> <script>` from the repository root with the collector at `endpoint`;
 * `wrapper` (a command and its arguments, e.g. valgrind) runs node under it.
 * Resolves `firstLine` with the first stdout line and the milliseconds from spawn to it, and
 * `exited` with the milliseconds from spawn to exit.
 */
export function spawnVariant(variant, script, { endpoint, env = {}, nodeArgs = [], wrapper = [] }) {
  const v = NODE_VARIANTS[variant];
  const started = performance.now();
  const command = [...wrapper, process.execPath, ...nodeArgs, ...v.args, script];
  const child = spawn(command[0], command.slice(1), {
    cwd: ROOT,
    env: { ...cleanEnv(), OTEL_SERVICE_NAME: `bench-${variant}`, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, ...v.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  const firstLine = new Promise((resolve, reject) => {
    let out = '';
    const onData = (c) => {
      out += c;
      const nl = out.indexOf('\n');
      if (nl === -1) return;
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve({ line: out.slice(0, nl), ms: performance.now() - started });
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${variant}: exited (${code}) before printing a line\n${stderr}`)));
  });
  firstLine.catch(() => {});
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, ms: performance.now() - started, stderr })),
  );
  return { child, firstLine, exited };
}
