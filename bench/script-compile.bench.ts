import { readFileSync } from 'node:fs';
import type { BenchReport } from './run';
import { compileScript } from '../shared/script/index';

/** Script compiler speed: every golden script once (after a warm-up pass), and one 500-line script. */
export default async function (report: BenchReport): Promise<Record<string, number>> {
  const scripts = readFileSync(new URL('../shared/script/testdata/goldens.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { script: string }).script);
  // Warm the JIT first: the editor recompiles on every keystroke, so steady state is what matters.
  for (let pass = 0; pass < 3; pass++) for (const s of scripts) compileScript(s);
  const times: number[] = [];
  const t0 = performance.now();
  for (const s of scripts) {
    const start = performance.now();
    compileScript(s);
    times.push((performance.now() - start) * 1000);
  }
  const total = performance.now() - t0;
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const p99 = times[Math.floor(times.length * 0.99)]!;

  const body = Array.from({ length: 125 }, (_, i) =>
    [
      `  v${i} = @rax + ${i} * 2;`,
      `  if (v${i} > 10 && $pid != 4) {`,
      `    printf("%llx\\n", v${i});`,
      '  }',
    ].join('\n'),
  ).join('\n');
  const big = `{\n${body}\n}`;
  const check = compileScript(big);
  if (!check.ok) throw new Error(`the 500-line benchmark script does not compile: ${check.error.message}`);
  for (let i = 0; i < 20; i++) compileScript(big);
  const bigRuns: number[] = [];
  for (let i = 0; i < 21; i++) {
    const start = performance.now();
    compileScript(big);
    bigRuns.push(performance.now() - start);
  }
  bigRuns.sort((a, b) => a - b);
  const bigMs = bigRuns[Math.floor(bigRuns.length / 2)]!;

  report(
    `${scripts.length} golden scripts in ${total.toFixed(1)} ms (${Math.round((scripts.length / total) * 1000)} scripts/s)`,
  );
  report(
    `median ${median.toFixed(1)} us, p99 ${p99.toFixed(1)} us per script; 500-line script ${bigMs.toFixed(2)} ms (median of 21 runs)`,
  );
  return {
    compile_median_us: Number(median.toFixed(2)),
    compile_p99_us: Number(p99.toFixed(2)),
    compile_500_lines_ms: Number(bigMs.toFixed(3)),
  };
}
