// `dt`/`!dt` (map memory onto a structure) and `struct`/`structure` (print it as C), from the
// PDB types the session's symbol resolver loaded. HyperDbg v0.23 prints these with pdbex; the
// text is pdbex's (pdbex.ts), with HyperDbg's options turned into pdbex's switches as
// CommandDtAndStructConvertHyperDbgArgsToPdbex does.
import { writeFileSync } from 'node:fs';
import { PdbFormatError, type PdbTypes, type TypeInfo } from '../../../shared/pdb';
import { fail, succeed, type CommandContext, type CommandHandler, type ParsedCommand } from '../types';
import { handler } from './common';
import { readMemory } from './inspect';
import { DEFAULT_PDBEX_SETTINGS, PdbexPrinter, type Expansion, type PdbexSettings } from './pdbex';
import { evaluateAddress } from './script-runner';
import { parseHyperDbgNumber } from '../../../shared/numbers';

const DT_HELP =
  'dt !dt : displays information about a local variable, global variable or data type.\n\n' +
  "If you want to read physical memory then add '!' at the start of the command\n\n" +
  'syntax : \tdt [Module!SymbolName (string)] [AddressExpression (string)] [pid ProcessId (hex)] [padding Padding (yesno)] [offset Offset (yesno)] [bitfield Bitfield (yesno)] [native Native (yesno)] [decl Declaration (yesno)] [def Definitions (yesno)] [func Functions (yesno)] [pragma Pragma (yesno)] [prefix Prefix (string)] [suffix Suffix (string)] [inline Expansion (string)] [output FileName (string)]\n\n' +
  'syntax : \t!dt [Module!SymbolName (string)] [AddressExpression (string)] [padding Padding (yesno)] [offset Offset (yesno)] [bitfield Bitfield (yesno)] [native Native (yesno)] [decl Declaration (yesno)] [def Definitions (yesno)] [func Functions (yesno)] [pragma Pragma (yesno)] [prefix Prefix (string)] [suffix Suffix (string)] [inline Expansion (string)] [output FileName (string)]\n' +
  '\n' +
  '\t\te.g : dt nt!_EPROCESS\n' +
  '\t\te.g : dt nt!_EPROCESS fffff8077356f010\n' +
  '\t\te.g : dt nt!_EPROCESS $proc\n' +
  '\t\te.g : dt nt!_KPROCESS @rax+@rbx+c0\n' +
  '\t\te.g : !dt nt!_EPROCESS 1f0300\n' +
  '\t\te.g : dt MyModule!_MY_STRUCT 7ff00040 pid 1420\n' +
  '\t\te.g : dt nt!_EPROCESS $proc inline all\n' +
  '\t\te.g : dt nt!_EPROCESS fffff8077356f010 inline no\n';

const STRUCT_HELP =
  'struct : displays a data type, enum, or structure derived from PDB symbols.\n\n' +
  'syntax : struct [Module!SymbolName (string)] [offset Offset (yesno)] [bitfield Bitfield (yesno)] [native Native (yesno)] [decl Declaration (yesno)] [def Definitions (yesno)] [func Functions (yesno)] [pragma Pragma (yesno)] [prefix Prefix (string)] [suffix Suffix (string)] [inline Expantion (string)] [output FileName (string)]\n' +
  '\n' +
  '\t\te.g : struct nt!_EPROCESS\n' +
  '\t\te.g : struct nt!*\n' +
  '\t\te.g : struct nt!* output ntheader.h\n' +
  '\t\te.g : struct nt!* func yes output ntheader.h\n' +
  '\t\te.g : struct nt!* func yes output ntheader.h\n' +
  '\t\te.g : struct nt!* func yes output "c:\\users\\sina\\desktop\\nt header.h"\n';

const CANNOT_SPECIFY_PID =
  "err, you cannot specify process id while the debugger is paused in the debugger mode. You can use the '.process' or the '.thread' command to switch to the target process's memory layout\n";

/** HyperDbg's yes/no options and the pdbex setting each one switches. */
const YES_NO_OPTIONS: Readonly<Record<string, keyof PdbexSettings | undefined>> = {
  padding: 'paddingMembers',
  offset: 'showOffsets',
  offsets: 'showOffsets',
  bitfield: 'bitFieldsInUnion',
  bitfields: 'bitFieldsInUnion',
  native: 'useStdInt',
  // declarations and functions are printed only for `Module!*`, which is not supported here
  decl: undefined,
  def: 'printDefinitions',
  func: undefined,
  pragma: 'pragmaPack',
};

const EXPANSIONS: Readonly<Record<string, Expansion>> = {
  none: 'none',
  all: 'all',
  unnamed: 'unnamed',
  unamed: 'unnamed',
};

interface DisplayOptions {
  settings: Omit<PdbexSettings, 'offsetFormat'>;
  pid?: number;
  /** `output File`; pdbex sends its text there only when `-o` was its last switch */
  output?: { path: string; last: boolean };
}

/** CommandDtAndStructConvertHyperDbgArgsToPdbex's checks, with its messages. */
function parseOptions(tokens: readonly string[]): DisplayOptions | string {
  const settings: Record<string, unknown> = { ...DEFAULT_PDBEX_SETTINGS };
  const options: DisplayOptions = { settings: settings as DisplayOptions['settings'] };
  for (let i = 0; i < tokens.length; i++) {
    const name = tokens[i]!.toLowerCase();
    const value = tokens[i + 1];
    const isLast = i + 2 >= tokens.length;
    if (name in YES_NO_OPTIONS) {
      if (value === undefined) return 'err, incomplete argument\n\n';
      const lower = value.toLowerCase();
      if (lower !== 'yes' && lower !== 'no') return "err, please insert 'yes' or 'no' as the argument\n\n";
      const setting = YES_NO_OPTIONS[name];
      if (setting) settings[setting] = lower === 'yes';
    } else if (name === 'inline') {
      if (value === undefined) return 'err, incomplete argument\n\n';
      const expansion = EXPANSIONS[value.toLowerCase()];
      if (!expansion) return "err, please insert 'none', 'unnamed', or 'all' as the argument\n\n";
      settings.expansion = expansion;
    } else if (name === 'prefix' || name === 'suffix') {
      if (value === undefined) return 'err, incomplete argument\n\n';
      settings[name] = value;
    } else if (name === 'output') {
      if (value === undefined) return 'err, incomplete argument\n\n';
      options.output = { path: value, last: isLast };
    } else if (name === 'pid') {
      if (value === undefined) return 'err, incomplete argument\n\n';
      const pid = parseHyperDbgNumber(value);
      if (pid === undefined) return 'err, you should enter a valid process id\n\n';
      options.pid = Number(pid);
    } else return `err, unknown argument at '${tokens[i]}'\n\n`;
    i++;
  }
  return options;
}

interface FoundType {
  readonly types: PdbTypes;
  /** undefined: the module has symbols but no such type (pdbex's "Symbol not found") */
  readonly type: TypeInfo | undefined;
}

/** `module!Type` (a bare type is looked up in the kernel): the module's types and the type. */
function findType(ctx: CommandContext, name: string): FoundType | undefined {
  const bang = name.indexOf('!');
  const module = bang >= 0 ? name.slice(0, bang) : 'nt';
  const typeName = bang >= 0 ? name.slice(bang + 1) : name;
  const types = ctx.symbols.types?.(module);
  if (!types) return undefined;
  const index = types.find(typeName);
  const type = index === undefined ? undefined : types.describe(index);
  return { types, type: type && (type.kind === 'udt' || type.kind === 'enum') ? type : undefined };
}

/** pdbex's output for one type; `data` maps `dt`'s memory onto it. */
function printType(
  found: FoundType & { type: TypeInfo },
  options: DisplayOptions,
  offsetFormat: boolean,
  data?: Uint8Array,
): { console: string; file: string } {
  const printer = new PdbexPrinter(found.types, {
    ...options.settings,
    offsetFormat,
    ...(data ? { data } : {}),
  });
  const { all, written, direct } = printer.dumpOne(found.type);
  if (!options.output) return { console: all, file: '' };
  // pdbex's Write() goes to the file only when `-o` was its last switch; its #include lines always do
  return options.output.last ? { console: '', file: all } : { console: written, file: direct };
}

function dtOrStruct(names: string[], help: string, isStruct: boolean, physical: boolean): CommandHandler {
  // `struct` only reads the PDB; `dt` maps debuggee memory
  return handler(names, isStruct ? 'any' : 'paused', help, async (command: ParsedCommand, ctx, usage) => {
    const tokens = command.args.map((t) => t.text);
    if (tokens.length === 0) return usage();
    let typeName = tokens[0]!;
    let address: bigint | undefined;
    let rest = tokens.slice(1);
    if (!isStruct && tokens.length >= 2) {
      // HyperDbg accepts `dt Type Address` and `dt Address Type`: whichever is not an expression is the type
      const first = findType(ctx, tokens[0]!)?.type
        ? undefined
        : await evaluateAddress(ctx, tokens[0]!, parseHyperDbgNumber);
      if (first?.ok) {
        address = first.value;
        typeName = tokens[1]!;
        rest = tokens.slice(2);
      } else {
        const second = await evaluateAddress(ctx, tokens[1]!, parseHyperDbgNumber);
        if (second.ok) {
          address = second.value;
          rest = tokens.slice(2);
        }
      }
    }
    const options = parseOptions(rest);
    if (typeof options === 'string') return fail(options + help);
    if (options.pid !== undefined && options.pid !== 0) return fail(CANNOT_SPECIFY_PID);
    const symbolName = typeName.slice(typeName.indexOf('!') + 1);
    if (symbolName === '*' || symbolName === '%')
      return fail(
        `err, '${typeName}' (every type of a module, pdbex's full dump) is not supported; name one type\n`,
      );
    const found = findType(ctx, typeName);
    // with an address HyperDbg first asks the script engine for the type's size
    if (!found || (address !== undefined && !found.type))
      return fail(`err, couldn't resolve error at '${typeName}'\n`);
    if (!found.type) return fail('Symbol not found\n');
    let data: Uint8Array | undefined;
    if (address !== undefined) {
      const read = await readMemory(ctx, address, found.type.size, physical);
      if (!read.ok) return fail(`${read.error}\n`);
      data = read.read.data;
    }
    let text: { console: string; file: string };
    try {
      text = printType({ ...found, type: found.type }, options, !isStruct, data);
    } catch (error) {
      if (error instanceof PdbFormatError) return fail(`err, ${error.message}\n`);
      throw error;
    }
    if (options.output) writeFileSync(options.output.path, text.file);
    ctx.output(text.console);
    return succeed();
  });
}

export const typeDisplayCommands: CommandHandler[] = [
  dtOrStruct(['dt'], DT_HELP, false, false),
  dtOrStruct(['!dt'], DT_HELP, false, true),
  dtOrStruct(['struct', 'structure'], STRUCT_HELP, true, false),
];
