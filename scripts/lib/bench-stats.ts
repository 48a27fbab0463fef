/**
 * Benchmark bookkeeping: percentiles, the rows of the result table (figure, budget, verdict) and its text rendering.
 */

/** Nearest-rank percentile (p in 0..100) of a sample; NaN for an empty one. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  return {
    n,
    min: n ? Math.min(...values) : Number.NaN,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: n ? Math.max(...values) : Number.NaN,
    mean: n ? values.reduce((a, b) => a + b, 0) / n : Number.NaN,
  };
}

/** Which figure of a row the budget is checked against. */
export type BudgetOn = 'p50' | 'p95' | 'p99' | 'value';

export interface Budget {
  /** The figure must be ≤ max. */
  max: number;
  on: BudgetOn;
  /** How the budget is written in the table, e.g. "≤ 450 ms". */
  label: string;
}

export interface Row {
  section: string;
  metric: string;
  unit: 'ms' | 'kB' | '×' | 'req/s' | 'count' | '';
  /** Median (or the single value for sizes and counts). */
  p50?: number;
  p95?: number;
  p99?: number;
  /** The worst of the runs: a stall now and then shows here, not in the median. */
  max?: number;
  n?: number;
  budget?: Budget;
  /** Set by `judge`. */
  ok?: boolean;
  /** Indented sub-row (e.g. "as × latency"). */
  sub?: boolean;
  note?: string;
}

export function judge(row: Row): Row {
  if (!row.budget) return row;
  const value = row.budget.on === 'value' || row.budget.on === 'p50' ? row.p50 : row.budget.on === 'p95' ? row.p95 : row.p99;
  return { ...row, ok: value !== undefined && Number.isFinite(value) && value <= row.budget.max };
}

function fmt(value: number | undefined, unit: Row['unit']): string {
  if (value === undefined) return '';
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === '×') return `${value.toFixed(2)}×`;
  if (unit === 'kB') return value.toFixed(1);
  if (unit === 'count') return String(Math.round(value));
  if (unit === 'req/s') return value.toFixed(0);
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(1);
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

/** The table: one block per section; p99 only where measured; the worst run of every timing. */
export function renderTable(rows: readonly Row[]): string {
  const lines: string[] = [];
  const header = `${pad('metric', 50)}${lpad('median', 9)}${lpad('p95', 9)}${lpad('p99', 9)}${lpad('worst', 9)}   ${pad('budget', 22)}ok`;
  lines.push(header, '-'.repeat(header.length + 2));
  let section = '';
  for (const row of rows) {
    if (row.section !== section) {
      section = row.section;
      lines.push(`[${section}]`);
    }
    const name = `${row.sub ? '    ' : '  '}${row.metric}${row.unit && row.unit !== '×' && row.unit !== 'count' ? ` (${row.unit})` : ''}`;
    const budget = row.budget ? `${row.budget.label} (${row.budget.on === 'value' ? 'size' : row.budget.on})` : '';
    const ok = row.ok === undefined ? '' : row.ok ? '✓' : '✗ MISSED';
    lines.push(
      `${pad(name, 50)}${lpad(fmt(row.p50, row.unit), 9)}${lpad(fmt(row.p95, row.unit), 9)}${lpad(fmt(row.p99, row.unit), 9)}${lpad(fmt(row.max, row.unit), 9)}   ${pad(budget, 22)}${ok}` +
        (row.note ? `   ${row.note}` : ''),
    );
  }
  return lines.join('\n');
}

/** A row of timings from a sample. */
export function timingRow(
  section: string,
  metric: string,
  values: readonly number[],
  extra: Partial<Row> & { withP99?: boolean } = {},
): Row {
  const { withP99, ...rest } = extra;
  const s = summarize(values);
  return { section, metric, unit: 'ms', p50: s.p50, p95: s.p95, p99: withP99 ? s.p99 : undefined, max: s.max, n: s.n, ...rest };
}

export const round = (value: number, digits = 2) => (Number.isFinite(value) ? Math.round(value * 10 ** digits) / 10 ** digits : value);
