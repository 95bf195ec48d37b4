/**
 * The benchmarks' one result shape and its two renderings: every benchmark returns rows of a
 * metric, Dialtone's figure and (where there is one) a baseline measured in the same run, and
 * `npm run bench` prints them as one table, in plain text for the terminal and in Markdown for
 * BENCHMARKS.md. Pure: no I/O.
 */

/** A goal from the issue: on the ratio (Dialtone ÷ baseline) or on Dialtone's own figure. */
export interface Goal {
  readonly on: 'ratio' | 'value';
  readonly op: '>=' | '<=';
  readonly target: number;
}

/** One measured figure. */
export interface Row {
  /** The benchmark it came from (`api`, `messaging`, …). */
  readonly benchmark: string;
  readonly metric: string;
  /** What the figures count: `req/s`, `ms`, `MB`, … */
  readonly unit: string;
  readonly dialtone: number;
  /** The same figure for the baseline, from the same run; null when the metric has none. */
  readonly baseline: number | null;
  /** What the baseline is ("bare fastify", "saxes alone"); with `baseline`. */
  readonly baselineName?: string;
  readonly goal?: Goal;
}

/** Dialtone ÷ baseline, or null without a (non-zero) baseline. */
export function ratioOf(row: Row): number | null {
  return row.baseline === null || row.baseline === 0 || !Number.isFinite(row.baseline) ? null : row.dialtone / row.baseline;
}

/** Whether the row meets its goal; null when it has none (or its ratio is missing). */
export function goalMet(row: Row): boolean | null {
  if (!row.goal) return null;
  const figure = row.goal.on === 'ratio' ? ratioOf(row) : row.dialtone;
  if (figure === null || !Number.isFinite(figure)) return false;
  return row.goal.op === '>=' ? figure >= row.goal.target : figure <= row.goal.target;
}

/** A figure with as many decimals as its size deserves: 12,345 · 123 · 12.3 · 1.23 · 0.123. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const abs = Math.abs(n);
  if (abs >= 1000) return Math.round(n).toLocaleString('en-US');
  if (abs >= 100) return n.toFixed(0);
  if (abs >= 10) return n.toFixed(1);
  if (abs >= 1) return n.toFixed(2);
  return n.toFixed(3);
}

function formatGoal(row: Row): string {
  if (!row.goal) return '';
  const { on, op, target } = row.goal;
  const sign = op === '>=' ? '≥' : '≤';
  const what = on === 'ratio' ? `${sign} ${target}×` : `${sign} ${target.toLocaleString('en-US')}`;
  return `${what} ${goalMet(row) ? 'met' : 'NOT met'}`;
}

const HEADER = ['benchmark', 'metric', 'unit', 'Dialtone', 'baseline', 'baseline is', 'ratio', 'goal'] as const;

function cells(row: Row): string[] {
  const ratio = ratioOf(row);
  return [
    row.benchmark, row.metric, row.unit, formatNumber(row.dialtone),
    row.baseline === null ? '—' : formatNumber(row.baseline), row.baseline === null ? '' : (row.baselineName ?? ''),
    ratio === null ? '' : `${ratio.toFixed(2)}×`, formatGoal(row),
  ];
}

/** Columns whose figures are right-aligned in the text table. */
const NUMERIC = new Set([3, 4, 6]);

/** The rows as an aligned plain-text table. */
export function formatText(rows: readonly Row[]): string {
  const lines = [[...HEADER], ...rows.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length)));
  const line = (l: readonly string[]) => l.map((c, i) => (NUMERIC.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(lines[0] ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.slice(1).map(line)].join('\n');
}

/** The rows as a GitHub-flavoured Markdown table. */
export function formatMarkdown(rows: readonly Row[]): string {
  const escape = (c: string) => c.replaceAll('|', '\\|');
  const line = (l: readonly string[]) => `| ${l.map(escape).join(' | ')} |`;
  const rule = `|${HEADER.map((_, i) => (NUMERIC.has(i) ? '---:' : '---')).join('|')}|`;
  return [line(HEADER), rule, ...rows.map((r) => line(cells(r)))].join('\n');
}
