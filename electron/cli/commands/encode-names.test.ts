import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { command } from './encode';

/**
 * `hds encode NAME` knows every name of HyperDbg v0.23's own command table (copied from
 * InitializeCommandsDictionary into test/fixtures): whatever a name answers without arguments,
 * it is never "couldn't resolve command".
 */
const NAMES = readFileSync(
  new URL('../../../test/fixtures/hyperdbg-v0.23/command-names.txt', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((name) => name !== '');

async function encodeStderr(line: string): Promise<string> {
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => (
    (stderr += String(chunk)),
    true
  )) as typeof process.stderr.write;
  try {
    await command.run([line]);
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  return stderr;
}

describe('hds encode recognises HyperDbg v0.23’s command table', () => {
  it('has the 205 names', () => {
    expect(NAMES).toHaveLength(205);
  });

  it.each(NAMES)('%s', async (name) => {
    // exit and .exit close the session; the dry-run link records that and nothing resolves wrongly
    const stderr = await encodeStderr(name);
    expect(stderr).not.toContain("couldn't resolve command");
  });
});
