import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OutputSources } from './output-sources';

const folders: string[] = [];
const opened: OutputSources[] = [];
afterEach(() => {
  for (const sources of opened.splice(0)) sources.closeAll();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function tempFile(name: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'hds-sources-'));
  folders.push(folder);
  return path.join(folder, name);
}

async function openedFile(sources: OutputSources, name: string): Promise<{ tag: bigint; file: string }> {
  const file = tempFile(`${name}.txt`);
  expect(await sources.create(name, 'file', file)).toBe(true);
  sources.find(name)!.state = 'opened';
  return { tag: sources.tagOf(name)!, file };
}

describe('OutputSources.forwardEventMessage (HyperDbg’s event forwarding)', () => {
  it('forwards nothing before the first output source exists', () => {
    const sources = new OutputSources();
    expect(sources.forwardEventMessage([{ tag: 0x1000000n, outputSourceTags: [1n] }], 0x1000000, 'x')).toBe(
      'not-forwarded',
    );
  });

  it('routes by the low 32 bits of the newest matching event that has sources', async () => {
    const sources = new OutputSources();
    opened.push(sources);
    const a = await openedFile(sources, 'A');
    const b = await openedFile(sources, 'B');
    const events = [
      { tag: 0x1000000n, outputSourceTags: [a.tag] },
      { tag: 0x1000001n },
      { tag: 0x1000000n, outputSourceTags: [b.tag] },
    ];
    expect(sources.forwardEventMessage(events, 0x1000001, 'console\n')).toBe('not-forwarded');
    expect(sources.forwardEventMessage(events, 0x1000000, 'newest\n')).toBe('forwarded');
    expect(readFileSync(a.file, 'latin1')).toBe('');
    expect(readFileSync(b.file, 'latin1')).toBe('newest\n');
  });

  it('fails when no named source is open, skips closed ones, and reports a full set of five as failed', async () => {
    const sources = new OutputSources();
    opened.push(sources);
    const files = [];
    for (const name of ['S1', 'S2', 'S3', 'S4', 'S5']) files.push(await openedFile(sources, name));
    expect(await sources.create('Idle', 'file', tempFile('idle.txt'))).toBe(true);
    const idle = sources.tagOf('Idle')!;

    expect(sources.forwardEventMessage([{ tag: 0x1000002n, outputSourceTags: [idle] }], 0x1000002, 'm')).toBe(
      'failed',
    );
    expect(
      sources.forwardEventMessage(
        [{ tag: 0x1000002n, outputSourceTags: [files[0]!.tag, idle] }],
        0x1000002,
        'm\n',
      ),
    ).toBe('forwarded');
    const five = files.map((f) => f.tag);
    expect(
      sources.forwardEventMessage([{ tag: 0x1000003n, outputSourceTags: five }], 0x1000003, 'all\n'),
    ).toBe('failed');
    // HyperDbg still wrote the message everywhere before reporting the failure.
    expect(readFileSync(files[4]!.file, 'latin1')).toBe('all\n');
    expect(readFileSync(files[0]!.file, 'latin1')).toBe('m\nall\n');
  });
});
