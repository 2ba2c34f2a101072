// Looks a command up by any of its names and formats its help for the console: the index of every
// command by family (`.help`), one command's page (`.help NAME`) and the one-line hover title.
import { COMMAND_HELP, type CommandFamily, type CommandHelp } from './entries';

export type { CommandHelp, CommandFamily };

const BY_NAME = new Map<string, CommandHelp>(
  COMMAND_HELP.flatMap((entry) => entry.names.map((n) => [n, entry])),
);

/** The help of a command by any of its names (case-insensitive), or undefined. */
export function commandHelp(name: string): CommandHelp | undefined {
  return BY_NAME.get(name.trim().toLowerCase());
}

/** The families in the order the index lists them. */
export function helpFamilies(): CommandFamily[] {
  return [...new Set(COMMAND_HELP.map((e) => e.family))];
}

function nameWithAliases(entry: CommandHelp): string {
  const [first, ...rest] = entry.names;
  return rest.length ? `${first} (${rest.join(', ')})` : first!;
}

/** `.help`: every command, grouped by family, with a pointer to the per-command pages. */
export function formatHelpIndex(): string {
  const lines: string[] = [];
  for (const family of helpFamilies()) {
    lines.push(`${family}:`);
    for (const entry of COMMAND_HELP.filter((e) => e.family === family)) {
      lines.push(`  ${nameWithAliases(entry).padEnd(34)} ${entry.summary}`);
    }
    lines.push('');
  }
  lines.push("'.help NAME' shows a command's syntax, options and examples (e.g. .help !epthook).");
  return `${lines.join('\n')}\n`;
}

/**
 * docs/commands.md: every command of the table by family, one line each (written by
 * build/gen-commands-doc.ts; a test keeps the file equal to this text).
 */
export function formatCommandsMarkdown(): string {
  const lines = [
    '# Commands',
    '',
    "Every name of HyperDbg v0.23's command table, by family, one line each, with its aliases in",
    "parentheses. In the console `.help NAME` shows a command's syntax, options and examples.",
    'Written from `shared/command-help/entries.ts` by `npx tsx build/gen-commands-doc.ts`.',
  ];
  for (const family of helpFamilies()) {
    lines.push('', `## ${family}`, '');
    for (const entry of COMMAND_HELP.filter((e) => e.family === family)) {
      const [first, ...rest] = entry.names.map((n) => `\`${n}\``);
      lines.push(`- ${first}${rest.length ? ` (${rest.join(', ')})` : ''}: ${entry.summary}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `.help NAME`: what it does, its forms, its options and examples. */
export function formatCommandHelp(entry: CommandHelp): string {
  const lines = [`${nameWithAliases(entry)} - ${entry.family}`, `  ${entry.summary}`, '', 'syntax:'];
  for (const form of entry.syntax) lines.push(`  ${form}`);
  if (entry.options?.length) {
    lines.push('', 'options:');
    const width = Math.min(28, Math.max(...entry.options.map(([term]) => term.length)));
    for (const [term, meaning] of entry.options) lines.push(`  ${term.padEnd(width)}  ${meaning}`);
  }
  lines.push('', entry.examples.length > 1 ? 'examples:' : 'example:');
  for (const example of entry.examples) lines.push(`  ${example}`);
  if (entry.note) lines.push('', `note: ${entry.note}`);
  return `${lines.join('\n')}\n`;
}

/** A short tooltip: the summary, the first syntax form and the first example. */
export function helpTooltip(entry: CommandHelp): string {
  return `${entry.summary}\nsyntax: ${entry.syntax[0]}\ne.g. ${entry.examples[0]}`;
}
