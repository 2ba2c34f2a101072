import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchReport } from './run';
import { buildCli } from '../build/build-cli';

/**
 * Whole-process start-up of `hds` as a user runs it (bin/hds.mjs, which runs the esbuild bundle
 * when it is current): `hds --version` (cli_start_ms) and `hds compile-script` on one script of
 * HyperDbg's golden corpus (cli_compile_one_ms), median of 15 runs, plus Node's own start
 * (`node -e 0`, node_start_ms) on the same machine for scale.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HDS = path.join(ROOT, 'bin', 'hds.mjs');
const RUNS = 15;

function medianMs(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    times.push(performance.now() - start);
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(RUNS / 2)]! * 10) / 10;
}

export default async function cliBench(report: BenchReport): Promise<Record<string, number>> {
  await buildCli();
  const dir = mkdtempSync(path.join(tmpdir(), 'hds-bench-'));
  try {
    const golden = readFileSync(path.join(ROOT, 'shared/script/testdata/goldens.jsonl'), 'utf8').split(
      '\n',
    )[0]!;
    const script = path.join(dir, 'one.hds');
    writeFileSync(script, (JSON.parse(golden) as { script: string }).script);
    const node = medianMs(['-e', '0']);
    const start = medianMs([HDS, '--version']);
    const compile = medianMs([HDS, 'compile-script', script]);
    report(
      `node -e 0: ${node} ms; hds --version: ${start} ms (target ≤ 150); hds compile-script one script: ${compile} ms (target ≤ 200)`,
    );
    return { node_start_ms: node, cli_start_ms: start, cli_compile_one_ms: compile };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
