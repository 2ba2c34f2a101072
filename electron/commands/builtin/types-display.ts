// `dt`/`!dt` (map memory onto a structure) and `struct`/`structure` (print it as C), from the
// PDB types the session's symbol resolver loaded. HyperDbg v0.23 prints these with pdbex, its
// PDB-to-C reconstructor; the text below follows pdbex's two formats as HyperDbg configures
// them (docs/session.md lists what is approximated).
import type { StructField, UdtLayout, TypeInfo, PdbTypes } from '../../../shared/pdb';
import { separateTo64BitValue } from '../../session/bytes';
import { fail, succeed, type CommandContext, type CommandHandler, type ParsedCommand } from '../types';
import { handler } from './common';
import { readMemory } from './inspect';
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

/** pdbex's options as `dt`/`struct` accept them; only `offset` and `padding` change what is printed here. */
interface DisplayOptions {
  offsets: boolean;
  padding: boolean;
  pid?: number;
}

const YES_NO_OPTIONS = new Set([
  'padding',
  'offset',
  'offsets',
  'bitfield',
  'bitfields',
  'native',
  'decl',
  'def',
  'func',
  'pragma',
]);

/** CommandDtAndStructConvertHyperDbgArgsToPdbex's checks, with its messages. */
function parseOptions(tokens: readonly string[]): DisplayOptions | string {
  const options: DisplayOptions = { offsets: true, padding: true };
  for (let i = 0; i < tokens.length; i++) {
    const name = tokens[i]!.toLowerCase();
    const value = tokens[i + 1];
    if (YES_NO_OPTIONS.has(name)) {
      if (value === undefined) return 'err, incomplete argument\n\n';
      const lower = value.toLowerCase();
      if (lower !== 'yes' && lower !== 'no') return "err, please insert 'yes' or 'no' as the argument\n\n";
      if (name.startsWith('offset')) options.offsets = lower === 'yes';
      if (name === 'padding') options.padding = lower === 'yes';
      i++;
    } else if (name === 'inline') {
      if (value === undefined) return 'err, incomplete argument\n\n';
      if (!['none', 'all', 'unnamed', 'unamed'].includes(value.toLowerCase()))
        return "err, please insert 'none', 'unnamed', or 'all' as the argument\n\n";
      i++;
    } else if (name === 'prefix' || name === 'suffix' || name === 'output') {
      if (value === undefined) return 'err, incomplete argument\n\n';
      i++;
    } else if (name === 'pid') {
      if (value === undefined) return 'err, incomplete argument\n\n';
      const pid = parseHyperDbgNumber(value);
      if (pid === undefined) return 'err, you should enter a valid process id\n\n';
      options.pid = Number(pid);
      i++;
    } else return `err, unknown argument at '${tokens[i]}'\n\n`;
  }
  return options;
}

/** `module!Type` (or a bare type, looked up in the kernel first) to a layout. */
function findLayout(ctx: CommandContext, name: string): { layout: UdtLayout; types: PdbTypes } | undefined {
  const bang = name.indexOf('!');
  const modules = bang >= 0 ? [name.slice(0, bang)] : ['nt'];
  const typeName = bang >= 0 ? name.slice(bang + 1) : name;
  for (const module of modules) {
    const types = ctx.symbols.types?.(module);
    if (!types || types.find(typeName) === undefined) continue;
    try {
      return { layout: types.layout(typeName), types };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** pdbex's stdint spellings (HyperDbg runs it with `-i`). */
const STDINT: Record<string, string> = {
  char: 'char',
  'unsigned char': 'uint8_t',
  short: 'int16_t',
  'unsigned short': 'uint16_t',
  int: 'int32_t',
  'unsigned int': 'uint32_t',
  long: 'int32_t',
  'unsigned long': 'uint32_t',
  __int64: 'int64_t',
  'unsigned __int64': 'uint64_t',
};

function spell(type: TypeInfo, asC: boolean): { prefix: string; suffix: string } {
  if (type.kind === 'array' && type.target) {
    const inner = spell(type.target, asC);
    return { prefix: inner.prefix, suffix: `[${type.elementCount ?? 0}]${inner.suffix}` };
  }
  if (type.kind === 'pointer' && type.target) {
    const inner = spell(type.target, asC);
    return { prefix: `${inner.prefix}*`, suffix: inner.suffix };
  }
  const qualifiers = `${type.isConst ? 'const ' : ''}${type.isVolatile ? 'volatile ' : ''}`;
  if (type.kind === 'udt')
    return { prefix: `${qualifiers}${asC ? `${type.udtKind} ` : ''}${type.name}`, suffix: '' };
  if (type.kind === 'enum') return { prefix: `${qualifiers}${asC ? 'enum ' : ''}${type.name}`, suffix: '' };
  return { prefix: `${qualifiers}${STDINT[type.name] ?? type.name}`, suffix: '' };
}

/** The fields plus pdbex's padding members where bytes are covered by no field. */
function withPadding(
  layout: UdtLayout,
  padding: boolean,
): (StructField | { padding: number; offset: number; size: number })[] {
  const out: (StructField | { padding: number; offset: number; size: number })[] = [];
  let end = 0;
  let counter = 0;
  const pad = (until: number) => {
    if (padding && until > end) out.push({ padding: counter++, offset: end, size: until - end });
  };
  for (const field of layout.fields) {
    pad(field.offset);
    out.push(field);
    end = Math.max(end, field.offset + (field.bitCount !== undefined ? field.type.size : field.type.size));
  }
  pad(layout.size);
  return out;
}

function fieldValue(field: StructField, data: Uint8Array): string {
  const size = field.type.size;
  if (size >= 1 && size <= 8 && field.offset + size <= data.length) {
    let value = 0n;
    for (let i = size - 1; i >= 0; i--) value = (value << 8n) | BigInt(data[field.offset + i]!);
    if (field.bitCount !== undefined) {
      const bits = (value >> BigInt(field.bitPosition ?? 0)) & ((1n << BigInt(field.bitCount)) - 1n);
      let text = ' : 0y';
      for (let i = 0; i < field.bitCount; i++) text += (bits >> BigInt(i)) & 1n ? '1' : '0';
      return field.bitCount >= 2 ? `${text} (0x${bits.toString(16)})` : text;
    }
    if (value === 0n) return ' : (null)';
    return size === 8 ? ` : ${separateTo64BitValue(value)}` : ` : 0x${value.toString(16)}`;
  }
  if (field.type.kind === 'array') return ' : (array)';
  if (field.type.kind === 'udt' || field.type.kind === 'enum') {
    let text = ` : ${field.type.name}`;
    if (field.type.name === '_LIST_ENTRY' && field.type.size === 16 && field.offset + 16 <= data.length) {
      const view = new DataView(data.buffer, data.byteOffset + field.offset, 16);
      text += ` [ ${separateTo64BitValue(view.getBigUint64(0, true))} - ${separateTo64BitValue(view.getBigUint64(8, true))} ]`;
    }
    return text;
  }
  return '';
}

/** pdbex's offset format (what `dt` prints): the name, then one `+0xOFFS type name` line per field. */
function formatOffsetLayout(layout: UdtLayout, options: DisplayOptions, data?: Uint8Array): string {
  let text = ` ${layout.name}\n`;
  for (const entry of withPadding(layout, options.padding)) {
    const offset = options.offsets ? `  +0x${entry.offset.toString(16).padStart(4, '0')} ` : '';
    if ('padding' in entry) {
      text += `${offset}uint8_t Padding_${entry.padding}${entry.size > 1 ? `[${entry.size}]` : ''}\n`;
      continue;
    }
    const { prefix, suffix } = spell(entry.type, false);
    text += `${offset}${prefix} ${entry.name}${suffix}`;
    if (entry.bitCount !== undefined) text += `, Pos ${entry.bitPosition}, ${entry.bitCount} Bit`;
    if (data) text += fieldValue(entry, data);
    text += '\n';
  }
  return text;
}

/** pdbex's C format (what `struct` prints): a typedef with offsets and bit positions in comments. */
function formatCLayout(layout: UdtLayout, options: DisplayOptions): string {
  const typedef = layout.name.startsWith('_');
  let text = `${typedef ? 'typedef ' : ''}${layout.kind} ${layout.name}\n{\n`;
  for (const entry of withPadding(layout, options.padding)) {
    const offset = options.offsets ? `/* 0x${entry.offset.toString(16).padStart(4, '0')} */ ` : '';
    if ('padding' in entry) {
      text += `  ${offset}uint8_t Padding_${entry.padding}${entry.size > 1 ? `[${entry.size}]` : ''};\n`;
      continue;
    }
    const { prefix, suffix } = spell(entry.type, true);
    text += `  ${offset}${prefix} ${entry.name}${suffix}`;
    text +=
      entry.bitCount !== undefined
        ? ` : ${entry.bitCount}; /* bit position: ${entry.bitPosition} */\n`
        : ';\n';
  }
  const bare = layout.name.slice(1);
  text += `}${typedef ? ` ${bare}, *P${bare}` : ''}; /* size: 0x${layout.size.toString(16).padStart(4, '0')} */\n\n`;
  return text;
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
      const first = findLayout(ctx, tokens[0]!)
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
    const found = findLayout(ctx, typeName);
    if (!found) return fail(`err, couldn't resolve error at '${typeName}'\n`);
    if (isStruct) {
      ctx.output(formatCLayout(found.layout, options));
      return succeed();
    }
    if (address === undefined) {
      ctx.output(formatOffsetLayout(found.layout, options));
      return succeed();
    }
    const read = await readMemory(ctx, address, found.layout.size, physical);
    if (!read.ok) return fail(`${read.error}\n`);
    ctx.output(formatOffsetLayout(found.layout, options, read.read.data));
    return succeed();
  });
}

export const typeDisplayCommands: CommandHandler[] = [
  dtOrStruct(['dt'], DT_HELP, false, false),
  dtOrStruct(['!dt'], DT_HELP, false, true),
  dtOrStruct(['struct', 'structure'], STRUCT_HELP, true, false),
];
