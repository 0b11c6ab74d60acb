/**
 * Timing helpers for the benchmark: wall time of one run, percentiles of many, and the table
 * of figures printed as ratios to a baseline measured in the same run.
 */
export function time<T>(f: () => T): { ms: number; value: T } {
  const t0 = process.hrtime.bigint();
  const value = f();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

export async function timeAsync<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = process.hrtime.bigint();
  const value = await f();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

export interface Percentiles {
  p50: number;
  p99: number;
  max: number;
  n: number;
}

/**
 * Runs `f` on each input and returns the latency percentiles in milliseconds; with a budget,
 * stops once it is spent (after at least 10 inputs), so a slow peer cannot stall the run.
 */
export function latencies<I>(inputs: I[], f: (input: I) => unknown, budgetMs = Infinity): Percentiles {
  const ms: number[] = [];
  let spent = 0;
  for (const i of inputs) {
    const t = time(() => f(i)).ms;
    ms.push(t);
    spent += t;
    if (spent > budgetMs && ms.length >= 10) break;
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))];
  return { p50: at(0.5), p99: at(0.99), max: ms[ms.length - 1], n: ms.length };
}

export interface Figure {
  group: string;
  name: string;
  value: number;
  unit: 'ms' | 'MB' | 'x';
  /** Name of the figure in the same group this one is compared with. */
  baseline?: string;
  detail?: string;
  target?: string;
}

export function printTable(figures: Figure[]): string {
  const lines: string[] = [];
  const byName = new Map(figures.map((f) => [`${f.group}/${f.name}`, f]));
  let group = '';
  for (const f of figures) {
    if (f.group !== group) {
      group = f.group;
      lines.push('', `## ${group}`, `| figure | value | ratio | target | detail |`, `|---|---:|---:|---|---|`);
    }
    const base = f.baseline ? byName.get(`${f.group}/${f.baseline}`) : undefined;
    const ratio = base && base.value > 0 ? `${(f.value / base.value).toFixed(2)}× ${f.baseline}` : '';
    const value = f.unit === 'x' ? f.value.toFixed(2) : `${f.value < 10 ? f.value.toFixed(2) : f.value.toFixed(0)} ${f.unit}`;
    lines.push(`| ${f.name} | ${value} | ${ratio} | ${f.target ?? ''} | ${f.detail ?? ''} |`);
  }
  return lines.join('\n');
}
