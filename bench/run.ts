import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Benchmark harness. Every `bench/*.bench.ts` exports a default function that measures one
 * area and returns its figures as `{ key_with_unit: number }`; human-readable lines go to
 * stderr through the `report` callback so that `--json` leaves stdout as one JSON object.
 * Selection: `npm run bench -- decoder sim` runs only the files whose names contain a word.
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

const figures: Record<string, number> = {};
const report: BenchReport = (line) => process.stderr.write(line + '\n');
let failed = false;
for (const file of files) {
  report(`\n## ${file.replace('.bench.ts', '')}`);
  try {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { default: Benchmark };
    Object.assign(figures, await mod.default(report));
  } catch (error) {
    failed = true;
    report(
      `benchmark ${file} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }
}
if (json) process.stdout.write(JSON.stringify(figures) + '\n');
else for (const [k, v] of Object.entries(figures)) report(`${k} = ${v}`);
process.exitCode = failed ? 1 : 0;
