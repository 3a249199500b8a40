/**
 * Browser bundle sizes: our shipped IIFE against raw OpenTelemetry bundles with the same signals,
 * built here, now, with esbuild (minified IIFE, es2020, browser conditions) from the pinned
 * devDependencies. Same compression settings as rollup-size-report: gzip -9, brotli q11 text.
 */
import { build } from 'esbuild';
import { compressedSizes } from '../rollup-size-report/compressed-size.mjs';
import { BASELINES, OUR_IIFE, WORK } from './lib/paths.mjs';
import { formatNumber, formatRatio, markdownTable, ratio } from './lib/stats.mjs';

/** Project target for the full default IIFE, bytes of brotli (KB = 1000 B, as in the README). */
export const TARGET_BROTLI_BYTES = 25_000;

export const RAW_BUNDLES = {
  traces: { entry: `${BASELINES}raw-otel-browser-traces.mjs`, out: `${WORK}raw-otel-traces.global.js` },
  tracesLogs: { entry: `${BASELINES}raw-otel-browser-traces-logs.mjs`, out: `${WORK}raw-otel-traces-logs.global.js` },
};

/** Builds the raw OpenTelemetry baselines (also used by the browser bench). */
export async function buildBaselines() {
  for (const { entry, out } of Object.values(RAW_BUNDLES)) {
    await build({
      entryPoints: [entry],
      outfile: out,
      bundle: true,
      minify: true,
      format: 'iife',
      globalName: 'RawOtel',
      platform: 'browser',
      target: 'es2020',
      legalComments: 'none',
      // Beside the bundle, not referenced from it (the size stays the code's): the profile reads it.
      sourcemap: 'external',
      logLevel: 'error',
    });
  }
}

export async function runSizes() {
  await buildBaselines();
  const ours = compressedSizes(OUR_IIFE);
  const traces = compressedSizes(RAW_BUNDLES.traces.out);
  const tracesLogs = compressedSizes(RAW_BUNDLES.tracesLogs.out);
  return { ours, rawTraces: traces, rawTracesLogs: tracesLogs, targetBrotli: TARGET_BROTLI_BYTES };
}

export function sizesTable(r) {
  const row = (name, s, vsTraces, vsLogs, target) => [
    name,
    formatNumber(s.min),
    formatNumber(s.gzip),
    formatNumber(s.brotli),
    vsTraces,
    vsLogs,
    target,
  ];
  return markdownTable(
    ['bundle (bytes)', 'min', 'gzip', 'brotli', 'brotli ÷ raw traces', 'brotli ÷ raw traces+logs', 'target'],
    [
      row(
        'ours: `dist/browser/clickstack-otel.global.js`',
        r.ours,
        formatRatio(ratio(r.ours.brotli, r.rawTraces.brotli)),
        formatRatio(ratio(r.ours.brotli, r.rawTracesLogs.brotli)),
        `≤ ${formatNumber(r.targetBrotli)} brotli (${r.ours.brotli <= r.targetBrotli ? 'met' : 'not yet'})`,
      ),
      row('raw OTel: traces (fetch + XHR + OTLP/JSON)', r.rawTraces, '1.00×', '', ''),
      row('raw OTel: traces + logs', r.rawTracesLogs, '', '1.00×', ''),
    ],
    ['l', 'r', 'r', 'r', 'r', 'r', 'l'],
  );
}
