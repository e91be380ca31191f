import type { EstimateResult } from '../../schemas/estimate-command.js';

/** A number for reading: 6 significant digits, no exponent for ordinary magnitudes, "NA" for non-finite. */
export function formatNumber(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return 'NA';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e15 || abs < 1e-6) return v.toExponential(5);
  const digits = Math.max(0, 5 - Math.floor(Math.log10(abs)));
  return v.toFixed(Math.min(digits, 10)).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/**
 * The readable table `thinktank estimate` prints without --json: one line per estimate (statistic,
 * variable, level, domain, estimate, SE, interval ("NA" when not estimable), df, n, flags and the reason an
 * interval is missing), numbers right-aligned, then a line on the design.
 */
export function formatEstimateTable(result: EstimateResult): string {
  const pct = `${formatNumber(result.design.level * 100)}%`;
  const header = ['statistic', 'variable', 'level', 'domain', 'estimate', 'se', `${pct} low`, `${pct} high`, 'df', 'n', 'flags'];
  const rows = result.estimates.map((e) => [
    e.statistic === 'quantile' && e.p !== undefined ? `quantile ${e.p}` : e.statistic === 'ratio' && e.denominator ? 'ratio' : e.statistic,
    e.statistic === 'ratio' && e.denominator ? `${e.variable}/${e.denominator}` : e.variable,
    e.level ?? '',
    e.domain ? Object.entries(e.domain).map(([k, v]) => `${k}=${v}`).join(', ') : '(all)',
    formatNumber(e.estimate),
    formatNumber(e.se),
    formatNumber(e.ci_low),
    formatNumber(e.ci_high),
    e.df === null ? 'inf' : String(e.df),
    String(e.n),
    // flags, and why an interval is missing
    [e.flags.join(' '), e.note ?? ''].filter((t) => t !== '').join('; '),
  ]);
  const width = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const numeric = (c: number) => c >= 4 && c < 10;
  const line = (cells: string[]) =>
    cells.map((cell, c) => (numeric(c) ? cell.padStart(width[c]!) : cell.padEnd(width[c]!))).join('  ').trimEnd();
  const d = result.design;
  const parts = [
    d.weights ? `weights ${d.weights}` : 'equal weights',
    d.strata ? `strata ${d.strata}` : null,
    d.cluster ? `clusters ${d.cluster}` : null,
    d.fpc ? `fpc ${d.fpc}` : null,
    `lonely PSUs: ${d.lonely_psu}`,
  ].filter((p): p is string => p !== null);
  return [line(header), ...rows.map(line), '', `${result.n} rows; design: ${parts.join(', ')}; ${d.version}`].join('\n');
}
