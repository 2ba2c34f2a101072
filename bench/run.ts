import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { IncompleteBenchmark } from './incomplete';

/**
 * Benchmark harness. Every `bench/*.bench.ts` exports a default function that measures one
 * area and returns its figures as `{ key_with_unit: number }`; human-readable lines go to
 * stderr through the `report` callback so that `--json` leaves stdout as one JSON object.
 * Selection: `npm run bench -- decoder sim` runs only the files whose names contain a word.
 * Bounded: a benchmark that misses its target conditions throws `IncompleteBenchmark` with the
 * figures it reached (kept, and the run fails); one that runs past HDS_BENCH_FILE_SECONDS
 * (default 3600) ends the run, failed, with the figures so far.
 */
export type BenchReport = (line: string) => void;
export type Benchmark = (report: BenchReport) => Promise<Record<string, number>>;

const dir = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const json = args.includes('--json');
const filters = args.filter((a) => !a.startsWith('--'));

const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();

const FILE_TIMEOUT_MS = Number(process.env.HDS_BENCH_FILE_SECONDS ?? 3600) * 1000;

const figures: Record<string, number> = {};
const report: BenchReport = (line) => process.stderr.write(line + '\n');
let failed = false;

function printFigures(): void {
  if (json) process.stdout.write(JSON.stringify(figures) + '\n');
  else for (const [k, v] of Object.entries(figures)) report(`${k} = ${v}`);
}

for (const file of files) {
  report(`\n## ${file.replace('.bench.ts', '')}`);
  // The last resort against a hang: a benchmark cannot be cancelled, so the run ends here (the
  // simulators and browsers the benchmarks started are killed on exit).
  const watchdog = setTimeout(() => {
    report(`benchmark ${file} did not finish within ${FILE_TIMEOUT_MS / 1000} s; stopping the run`);
    printFigures();
    process.exit(1);
  }, FILE_TIMEOUT_MS);
  try {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { default: Benchmark };
    Object.assign(figures, await mod.default(report));
  } catch (error) {
    failed = true;
    if (error instanceof IncompleteBenchmark) {
      Object.assign(figures, error.figures);
      report(`benchmark ${file} is incomplete: ${error.message}`);
    } else {
      report(
        `benchmark ${file} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  } finally {
    clearTimeout(watchdog);
  }
}
printFigures();
process.exitCode = failed ? 1 : 0;
