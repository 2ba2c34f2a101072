import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_HELP } from './entries';
import {
  commandHelp,
  formatCommandHelp,
  formatCommandsMarkdown,
  formatHelpIndex,
  helpFamilies,
  helpTooltip,
} from './help';

/** HyperDbg v0.23's command table (aliases included), copied from the shared reference. */
const NAMES = readFileSync(join(__dirname, 'testdata', 'command-names.txt'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '');

describe('help for every command of HyperDbg v0.23', () => {
  it('reads the whole names file (205 names)', () => {
    expect(NAMES).toHaveLength(205);
  });

  it.each(NAMES)('%s has a summary, syntax and an example naming the command', (name) => {
    const entry = commandHelp(name);
    expect(entry, `no help for ${name}`).toBeDefined();
    expect(entry!.summary.length).toBeGreaterThan(15);
    expect(entry!.syntax.length).toBeGreaterThan(0);
    expect(entry!.examples.length).toBeGreaterThan(0);
    // The first example runs the command itself; the others at least use it (`!syscall output {X}`).
    expect(entry!.names).toContain(entry!.examples[0]!.split(/\s/)[0]!.toLowerCase());
    for (const example of entry!.examples)
      expect(entry!.names.some((n) => example.toLowerCase().split(/\s/).includes(n))).toBe(true);
    const page = formatCommandHelp(entry!);
    expect(page).toMatch(/\nsyntax:\n {2}\S/);
    expect(page).toMatch(/\nexamples?:\n {2}\S/);
  });

  it('has no entry for a name outside the table, and no name in two entries', () => {
    const table = new Set(NAMES);
    const all = COMMAND_HELP.flatMap((e) => e.names);
    expect(all.filter((n) => !table.has(n))).toEqual([]);
    expect(new Set(all).size).toBe(all.length);
  });

  it('lists every command by family in the index', () => {
    const index = formatHelpIndex();
    for (const family of helpFamilies())
      expect(index).toContain(`\n${family}:\n`.slice(index.startsWith(family) ? 1 : 0));
    for (const entry of COMMAND_HELP) expect(index).toContain(`  ${entry.names[0]}`);
    expect(index).toMatch(/'\.help NAME'/);
  });

  it('formats options and aliases, and finds a command by an alias in any case', () => {
    const page = formatCommandHelp(commandHelp('!EPTHOOK')!);
    expect(page.startsWith('!epthook - Events (hooks)\n')).toBe(true);
    expect(page).toMatch(/\noptions:\n {2}pid PID +only when this process/);
    expect(commandHelp('go')).toBe(commandHelp('g'));
    expect(formatCommandHelp(commandHelp('go')!).split('\n')[0]).toBe('g (go) - Run control');
    expect(helpTooltip(commandHelp('bp')!)).toMatch(
      /^Sets a breakpoint.*\nsyntax: bp \[Address\].*\ne\.g\. bp nt!/s,
    );
  });
});

describe('docs/commands.md', () => {
  it('is the command list the help entries make (regenerate: npx tsx build/gen-commands-doc.ts)', () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'commands.md'), 'utf8');
    expect(doc).toBe(formatCommandsMarkdown());
    for (const name of NAMES) expect(doc).toContain(`\`${name}\``);
  });
});
