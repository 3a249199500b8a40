/**
 * Pure number helpers for the benchmark: medians, ratios and how they are printed.
 * No I/O here, so `stats.test.mjs` can pin their behaviour.
 */

/** Median of the finite numbers in `values`; NaN when there are none. */
export function median(values) {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return NaN;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/** `value / base`, or NaN when either is missing or the base is zero. */
export function ratio(value, base) {
  if (!Number.isFinite(value) || !Number.isFinite(base) || base === 0) return NaN;
  return value / base;
}

/**
 * How much of the reference's overhead we add: (ours − baseline) / (reference − baseline).
 * NaN when the reference adds nothing measurable (the ratio would be noise divided by noise).
 */
export function addedRatio(ours, reference, baseline) {
  return ratio(ours - baseline, reference - baseline);
}

/**
 * Added CPU per request from throughputs alone: each request costs 1/rps of a saturated server,
 * so (1/ours − 1/bare) / (1/reference − 1/bare).
 */
export function addedCostFromRps(rpsOurs, rpsReference, rpsBare) {
  return addedRatio(1 / rpsOurs, 1 / rpsReference, 1 / rpsBare);
}

/** `0.42×`; `-` for NaN. Two decimals below 10, one above. */
export function formatRatio(r) {
  if (!Number.isFinite(r)) return '-';
  return `${Math.abs(r) < 10 ? r.toFixed(2) : r.toFixed(1)}×`;
}

/** Signed difference with a unit: `+12.3 ms`, `-0.4 MB`. */
export function formatDelta(d, unit, digits = 1) {
  if (!Number.isFinite(d)) return '-';
  return `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(digits)} ${unit}`;
}

/** A number with a fixed number of decimals and thousands separators; `-` for NaN/undefined. */
export function formatNumber(n, digits = 0) {
  if (n == null || !Number.isFinite(n)) return '-';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Rows of cells → a GitHub markdown table; `align` is one of 'l'/'r' per column. */
export function markdownTable(header, rows, align = header.map((_, i) => (i === 0 ? 'l' : 'r'))) {
  const line = (cells) => `| ${cells.map((c) => String(c ?? '')).join(' | ')} |`;
  const rule = `|${align.map((a) => (a === 'r' ? '---:' : '---')).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
