import type { BenchReport } from './run';
import { compileScript } from '../shared/script/index';
import { createGlobalState, createMemoryHost, evaluateScript } from '../shared/script/eval/index';

/**
 * Evaluator throughput on loop-heavy scripts: instructions (operator slots) executed per second.
 * The scripts are compiled by the project's compiler, run three times to warm up the JIT, then
 * timed over seven runs; the reported figure is the median run of the slower script.
 */
const LOOP_SCRIPTS: Record<string, string> = {
  'typed locals (i, sum)':
    'i = 0; sum = 0; while (i < 0n200000) { sum = sum + i * 3; i = i + 1; } test_statement(sum);',
  'globals + memory reads':
    '.i = 0; .acc = 0; while (.i < 0n100000) { .acc = .acc ^ db(@rsi + (.i & 0xff)); .i++; } test_statement(.acc);',
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export default async function (report: BenchReport): Promise<Record<string, number>> {
  const rates: number[] = [];
  for (const [name, source] of Object.entries(LOOP_SCRIPTS)) {
    const compiled = compileScript(source);
    if (!compiled.ok) throw new Error(`benchmark script does not compile: ${compiled.error.message}`);
    const host = createMemoryHost({
      registers: new Map([[28, 0x1000n]]), // rsi -> a mapped page
      regions: [{ address: 0x1000n, bytes: new Uint8Array(0x1000).map((_, i) => i * 7) }],
    });
    const options = { maxInstructions: 50_000_000 };
    for (let warmUp = 0; warmUp < 3; warmUp++) {
      const warm = evaluateScript(compiled.bytes, host, createGlobalState(), options);
      if (!warm.ok) throw new Error(`benchmark script failed: ${warm.error}`);
    }
    const runs: number[] = [];
    let instructions = 0;
    for (let run = 0; run < 7; run++) {
      const start = performance.now();
      const result = evaluateScript(compiled.bytes, host, createGlobalState(), options);
      const ms = performance.now() - start;
      instructions = result.instructions;
      runs.push(result.instructions / (ms / 1000));
    }
    const rate = median(runs);
    rates.push(rate);
    report(
      `${name}: ${instructions} instructions per run, ${(rate / 1e6).toFixed(2)} M instructions/s (median of 7)`,
    );
  }
  return { eval_instructions_per_s: Math.round(Math.min(...rates)) };
}
