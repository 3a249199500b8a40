// The architecture, checked rather than reviewed:
//  1. src/ (the core) imports no Node built-in, no platform/ code, and names no DOM or Node global;
//  2. platform/browser and platform/node never import each other, platform/edge (which shares the
//     browser's fetch code) never imports platform/node, and neither browser nor edge a built-in;
//  3. src/ type-checks with neither the DOM library nor @types/node (src/tsconfig.json).
// Exits 1 with one line per violation.
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { execFileSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const builtins = new Set(builtinModules.filter((m) => !m.startsWith('_')));
const DOM_OR_NODE_GLOBALS = ['window', 'document', 'navigator', 'location', 'XMLHttpRequest', 'localStorage', 'sessionStorage', 'process', 'Buffer', 'require', '__dirname'];

const files = (dir) =>
  readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ts$/.test(e.name) && !/\.(test|spec)\.ts$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name));

const stripComments = (s) => s.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
const importsOf = (code) => [...code.matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
const isBuiltin = (spec) => spec.startsWith('node:') || builtins.has(spec.split('/')[0]);

const problems = [];
for (const file of files('src')) {
  const code = stripComments(readFileSync(file, 'utf8'));
  for (const spec of importsOf(code)) {
    if (isBuiltin(spec)) problems.push(`${relative(root, file)}: core imports Node built-in '${spec}'`);
    if (spec.includes('platform/')) problems.push(`${relative(root, file)}: core imports platform code '${spec}'`);
  }
  const stripped = code.replace(/(['"`])(?:\\.|(?!\1).)*\1/g, '""');
  for (const name of DOM_OR_NODE_GLOBALS) {
    if (new RegExp(`(?<![.\\w$])${name}\\s*[.(\\[]`).test(stripped)) problems.push(`${relative(root, file)}: core uses the runtime global '${name}'`);
  }
}
// platform/edge shares the browser's fetch-based parts, never Node's.
for (const [side, others] of [['browser', ['node', 'edge']], ['node', ['browser', 'edge']], ['edge', ['node']]]) {
  for (const file of files(`platform/${side}`)) {
    for (const spec of importsOf(stripComments(readFileSync(file, 'utf8')))) {
      for (const other of others) {
        if (spec.includes(`/${other}/`) || spec.startsWith(`../${other}`)) problems.push(`${relative(root, file)}: platform/${side} imports platform/${other} ('${spec}')`);
      }
      if (side !== 'node' && isBuiltin(spec)) problems.push(`${relative(root, file)}: ${side} code imports Node built-in '${spec}'`);
    }
  }
}

try {
  execFileSync('npx', ['tsc', '--noEmit', '-p', 'src/tsconfig.json'], { cwd: root, stdio: 'pipe' });
} catch (e) {
  problems.push(`src/ does not type-check without DOM and Node types:\n${e.stdout}`);
}

if (problems.length) {
  console.error(`core boundary: ${problems.length} violation(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('core boundary: src/ is platform-free; platform/browser and platform/node are independent; platform/edge uses no Node');
