import type { CliCommand } from '../main';
import { STRUCTS, type StructLayout } from '../../../shared/protocol/index';

const USAGE = `usage: hds layouts [--json] [STRUCT ...]

Prints the byte layout of every HyperDbg v0.23 structure this project puts on or reads from the
kernel-debugger link, as computed from its declarations (MSVC x64 rules).
  --json   one object { STRUCT: { "size", "fields": [{ "name", "offset", "size" }] } }
  STRUCT   only these structures (names as in HyperDbg's headers)
Offsets are from the start of the outermost struct; members of nested structs follow with dotted
names (Options.OptionalParam1); padding is not listed.`;

function table(name: string, layout: StructLayout): string {
  const width = Math.max(5, ...layout.fields.map((f) => f.name.length));
  const lines = [`${name} (${layout.size} bytes)`, `  ${'offset'.padStart(6)}  ${'size'.padStart(5)}  field`];
  // By offset, so the members of a nested struct follow the struct itself (the sort is stable).
  for (const field of [...layout.fields].sort((a, b) => a.offset - b.offset)) {
    lines.push(
      `  ${String(field.offset).padStart(6)}  ${String(field.size).padStart(5)}  ${field.name.padEnd(width)}`.trimEnd(),
    );
  }
  return lines.join('\n');
}

export const command: CliCommand = {
  summary: 'print the wire structures’ layouts (size, field offsets) as a table or --json',
  async run(args) {
    if (args.includes('--help') || args.includes('-h')) {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    const unknownOptions = args.filter((a) => a.startsWith('-') && a !== '--json');
    if (unknownOptions.length > 0) {
      process.stderr.write(`hds layouts: unknown option ${unknownOptions[0]}\n${USAGE}\n`);
      return 1;
    }
    const wanted = args.filter((a) => !a.startsWith('-'));
    const unknown = wanted.filter((name) => !(name in STRUCTS));
    if (unknown.length > 0) {
      process.stderr.write(
        `hds layouts: unknown structure ${unknown.join(', ')}; known: ${Object.keys(STRUCTS).join(', ')}\n`,
      );
      return 1;
    }
    const selected = Object.entries(STRUCTS).filter(([name]) => wanted.length === 0 || wanted.includes(name));
    if (args.includes('--json')) {
      const out = Object.fromEntries(selected.map(([name, codec]) => [name, codec.layout]));
      process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    } else {
      process.stdout.write(selected.map(([name, codec]) => table(name, codec.layout)).join('\n\n') + '\n');
    }
    return 0;
  },
};
