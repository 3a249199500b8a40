// The enums the script tag reads in TypeScript form (scripts/api-enums.mjs) have exactly the
// members and values of the @opentelemetry/api objects they replace.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as api from '@opentelemetry/api';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ExportResultCode } from '@opentelemetry/core';
import { API_ENUM_FILES, CORE_ENUM_FILES, enumsAsTypeScript } from './api-enums.mjs';

// build/src/index.js (the `default` export) sits beside build/esm.
const esmDir = path.join(path.dirname(createRequire(import.meta.url).resolve('@opentelemetry/api')), '../esm');
const files = readdirSync(esmDir, { recursive: true })
  .map((f) => path.join(esmDir, String(f)))
  .filter((f) => API_ENUM_FILES.test(f));

/** The module's exports, evaluated from the TypeScript form. */
function evaluate(ts) {
  const { code } = transformSync(ts, { loader: 'ts', format: 'cjs' });
  const module = { exports: {} };
  new Function('module', 'exports', code)(module, module.exports);
  return module.exports;
}

describe('API enums as TypeScript', () => {
  it('covers the five enum modules, each turned into an enum', () => {
    expect(files.map((f) => path.basename(f)).sort()).toEqual(['SamplingResult.js', 'span_kind.js', 'status.js', 'trace_flags.js', 'types.js']);
    for (const f of files) expect(enumsAsTypeScript(readFileSync(f, 'utf8'))).toMatch(/^\s*export enum \w+ \{/m);
  });

  it('gives the same names and values as the API objects', () => {
    const seen = [];
    for (const f of files) {
      for (const [name, value] of Object.entries(evaluate(enumsAsTypeScript(readFileSync(f, 'utf8'))))) {
        expect(value, name).toEqual(api[name]);
        seen.push(name);
      }
    }
    expect(seen.sort()).toEqual(['DiagLogLevel', 'SamplingDecision', 'SpanKind', 'SpanStatusCode', 'TraceFlags']);
  });

  it("gives core's ExportResultCode the same names and values", () => {
    const file = createRequire(import.meta.url).resolve('@opentelemetry/core/build/esm/ExportResult.js');
    expect(CORE_ENUM_FILES.test(file)).toBe(true);
    expect(evaluate(enumsAsTypeScript(readFileSync(file, 'utf8')))).toEqual({ ExportResultCode });
  });

  it('leaves anything else as it is', () => {
    const other = 'export const x = 1;\n';
    expect(enumsAsTypeScript(other)).toBe(other);
  });
});
