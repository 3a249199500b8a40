/**
 * The script tag reads @opentelemetry/api's numeric enums (SpanKind, SpanStatusCode, TraceFlags,
 * SamplingDecision, DiagLogLevel) as the TypeScript enums they were compiled from, so esbuild
 * inlines every member it can (`SpanKind.CLIENT` becomes `2`) and drops the enum objects nothing
 * else needs. Same values, same API: only the form of five tiny modules changes, in the bundle.
 * The npm builds keep the API external (a peer dependency) and are unaffected.
 */
import { readFile } from 'node:fs/promises';

/** `export var X; (function (X) { X[X["A"] = 0] = "A"; … })(X || (X = {}));` as tsc emits an enum. */
const COMPILED_ENUM = /export var (\w+);\s*\(function \(\1\) \{([\s\S]*?)\}\)\(\1 \|\| \(\1 = \{\}\)\);/g;
const MEMBER = /(\w+)\[\1\["(\w+)"\] = (-?\d+)\] = "\2";/g;

/** The API's modules that hold nothing but such enums. */
export const API_ENUM_FILES = /[\\/]@opentelemetry[\\/]api[\\/]build[\\/]esm[\\/](?:trace[\\/](?:span_kind|status|trace_flags|SamplingResult)|diag[\\/]types)\.js$/;

export function enumsAsTypeScript(source) {
  const contents = source.replace(COMPILED_ENUM, (_, name, body) => `export enum ${name} { ${[...body.matchAll(MEMBER)].map((m) => `${m[2]} = ${m[3]}`).join(', ')} }`);
  // The module's own source map describes the compiled form, not this one.
  return contents === source ? source : contents.replace(/\/\/# sourceMappingURL=\S+/, '');
}

/** esbuild (tsup) plugin form. */
export const inlineApiEnumsEsbuild = {
  name: 'inline-api-enums',
  setup(build) {
    build.onLoad({ filter: API_ENUM_FILES }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const contents = enumsAsTypeScript(source);
      // Anything not in the expected form is left to the default loader, unchanged.
      return contents === source ? undefined : { contents, loader: 'ts' };
    });
  },
};
