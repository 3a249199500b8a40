/**
 * The script tag reads @opentelemetry/api's numeric enums (SpanKind, SpanStatusCode, TraceFlags,
 * SamplingDecision, DiagLogLevel) and @opentelemetry/core's ExportResultCode as the TypeScript
 * enums they were compiled from, so esbuild inlines every member it can (`SpanKind.CLIENT` becomes
 * `2`) and drops the enum objects nothing else needs. Same values, same API: only the form of six
 * tiny modules changes, in the bundle. The npm builds keep the API external (a peer dependency)
 * and are unaffected.
 */
import { readFile } from 'node:fs/promises';

/** `export var X; (function (X) { X[X["A"] = 0] = "A"; … })(X || (X = {}));` as tsc emits an enum. */
const COMPILED_ENUM = /export var (\w+);\s*\(function \(\1\) \{([\s\S]*?)\}\)\(\1 \|\| \(\1 = \{\}\)\);/g;
const MEMBER = /(\w+)\[\1\["(\w+)"\] = (-?\d+)\] = "\2";/g;

/** The API's modules that hold nothing but such enums. */
export const API_ENUM_FILES = /[\\/]@opentelemetry[\\/]api[\\/]build[\\/]esm[\\/](?:trace[\\/](?:span_kind|status|trace_flags|SamplingResult)|diag[\\/]types)\.js$/;
/** @opentelemetry/core's one module of the same form: ExportResultCode, which the export path reads (~40 B brotli). */
export const CORE_ENUM_FILES = /[\\/]@opentelemetry[\\/]core[\\/]build[\\/]esm[\\/]ExportResult\.js$/;

export function enumsAsTypeScript(source) {
  const contents = source.replace(COMPILED_ENUM, (_, name, body) => `export enum ${name} { ${[...body.matchAll(MEMBER)].map((m) => `${m[2]} = ${m[3]}`).join(', ')} }`);
  // The module's own source map describes the compiled form, not this one.
  return contents === source ? source : contents.replace(/\/\/# sourceMappingURL=\S+/, '');
}

/** esbuild (tsup) plugin form. */
export const inlineApiEnumsEsbuild = {
  name: 'inline-api-enums',
  setup(build) {
    const load = async (args) => {
      const source = await readFile(args.path, 'utf8');
      const contents = enumsAsTypeScript(source);
      // Anything not in the expected form is left to the default loader, unchanged.
      return contents === source ? undefined : { contents, loader: 'ts' };
    };
    build.onLoad({ filter: API_ENUM_FILES }, load);
    build.onLoad({ filter: CORE_ENUM_FILES }, load);
  },
};
