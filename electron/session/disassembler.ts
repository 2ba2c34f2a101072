import {
  ConditionCode,
  Decoder,
  DecoderOptions,
  Formatter,
  FormatterSyntax,
  type Instruction,
  MemorySizeOptions,
  Mnemonic,
} from 'iced-x86';
import { separateTo64BitValue } from './bytes';
import type { FormattedInstruction } from './link';

/**
 * iced-x86 configured to print what HyperDbg's Zydis formatter prints (intel style, forced
 * segment and size, "0x" + upper-case hex, 2-digit minimum displacements, full-width absolute
 * addresses), laid out like HyperDbg's disassembly lines:
 *   fffff804`2d16f010    48 89 5C 24 08 <padding to 12 bytes> mov qword ptr ss:[rsp+0x08], rbx
 */

export type DisassemblySyntax = 'intel' | 'att' | 'masm';

const PADDED_INSTRUCTION_BYTES = 12;

const formatters = new Map<DisassemblySyntax, Formatter>();

function formatterFor(syntax: DisassemblySyntax): Formatter {
  let formatter = formatters.get(syntax);
  if (formatter) return formatter;
  formatter = new Formatter(
    syntax === 'att' ? FormatterSyntax.Gas : syntax === 'masm' ? FormatterSyntax.Masm : FormatterSyntax.Intel,
  );
  if (syntax !== 'masm') {
    formatter.hexPrefix = '0x';
    formatter.hexSuffix = '';
  }
  formatter.uppercaseHex = true;
  formatter.spaceAfterOperandSeparator = true;
  formatter.alwaysShowSegmentRegister = true;
  formatter.memorySizeOptions = MemorySizeOptions.Always;
  formatter.ripRelativeAddresses = false;
  formatter.smallHexNumbersInDecimal = false;
  formatter.addLeadingZeroToHexNumbers = false;
  formatter.branchLeadingZeros = true;
  formatter.displacementLeadingZeros = false;
  formatter.showBranchSize = false;
  formatters.set(syntax, formatter);
  return formatter;
}

/** Zydis pads a displacement to two digits and an absolute memory address to the full width. */
function zydisNumbers(text: string, bitness: 32 | 64): string {
  return text.replace(/\[([^\]]*)\]/g, (_whole, inner: string) => {
    if (/^0x[0-9A-F]+$/.test(inner)) return `[0x${inner.slice(2).padStart(bitness / 4, '0')}]`;
    return `[${inner.replace(/([+-])0x([0-9A-F])(?![0-9A-F])/g, '$10x0$2')}]`;
  });
}

export interface DisassembleOptions {
  readonly is32Bit: boolean;
  readonly maxInstructions: number;
  readonly syntax?: DisassemblySyntax;
  /** When given, conditional branches get [taken] / [not taken] (only the first instruction, as at RIP). */
  readonly rflags?: bigint;
}

/** Decodes up to `maxInstructions` from `bytes` at `address`; stops at the first undecodable bytes. */
export function disassemble(
  bytes: Uint8Array,
  address: bigint,
  options: DisassembleOptions,
): FormattedInstruction[] {
  const bitness = options.is32Bit ? 32 : 64;
  const decoder = new Decoder(bitness, bytes, DecoderOptions.None);
  decoder.ip = BigInt.asUintN(64, address);
  const formatter = formatterFor(options.syntax ?? 'intel');
  const lines: FormattedInstruction[] = [];
  try {
    let offset = 0;
    while (lines.length < options.maxInstructions && decoder.canDecode) {
      const instruction = decoder.decode();
      try {
        if (instruction.isInvalid || offset + instruction.length > bytes.length) break;
        const text =
          options.syntax === 'masm' || options.syntax === 'att'
            ? formatter.format(instruction)
            : zydisNumbers(formatter.format(instruction), bitness);
        const instructionBytes = bytes.slice(offset, offset + instruction.length);
        const branch =
          lines.length === 0 && options.rflags !== undefined
            ? branchOutcome(instruction, options.rflags)
            : undefined;
        // iced-x86 gives 0 for an instruction that is not a near branch.
        const target = instruction.nearBranchTarget;
        lines.push({
          address: instruction.ip,
          bytes: instructionBytes,
          text,
          ...(branch ? { branch } : {}),
          ...(target !== 0n ? { target } : {}),
          formatted: formatLine(instruction.ip, instructionBytes, text, branch),
        });
        offset += instruction.length;
      } finally {
        instruction.free();
      }
    }
  } finally {
    decoder.free();
  }
  return lines;
}

function formatLine(
  address: bigint,
  bytes: Uint8Array,
  text: string,
  branch: 'taken' | 'not taken' | undefined,
): string {
  let line = `${separateTo64BitValue(address)}   `;
  for (const byte of bytes) line += ` ${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  if (bytes.length < PADDED_INSTRUCTION_BYTES) line += '   '.repeat(PADDED_INSTRUCTION_BYTES - bytes.length);
  line += ` ${text}`;
  if (branch) line += ` [${branch}]`;
  return line;
}

const RFLAGS = { cf: 1n, pf: 4n, zf: 0x40n, sf: 0x80n, of: 0x800n } as const;

function branchOutcome(instruction: Instruction, rflags: bigint): 'taken' | 'not taken' | undefined {
  if (instruction.conditionCode === ConditionCode.None) return undefined;
  const mnemonicName = Mnemonic[instruction.mnemonic] ?? '';
  // Only conditional jumps: setcc/cmovcc also carry a condition code but do not branch.
  if (!/^J/.test(mnemonicName)) return undefined;
  const flag = (mask: bigint): boolean => (rflags & mask) !== 0n;
  const cf = flag(RFLAGS.cf);
  const zf = flag(RFLAGS.zf);
  const sf = flag(RFLAGS.sf);
  const of = flag(RFLAGS.of);
  const pf = flag(RFLAGS.pf);
  const taken: Record<number, boolean> = {
    [ConditionCode.o]: of,
    [ConditionCode.no]: !of,
    [ConditionCode.b]: cf,
    [ConditionCode.ae]: !cf,
    [ConditionCode.e]: zf,
    [ConditionCode.ne]: !zf,
    [ConditionCode.be]: cf || zf,
    [ConditionCode.a]: !cf && !zf,
    [ConditionCode.s]: sf,
    [ConditionCode.ns]: !sf,
    [ConditionCode.p]: pf,
    [ConditionCode.np]: !pf,
    [ConditionCode.l]: sf !== of,
    [ConditionCode.ge]: sf === of,
    [ConditionCode.le]: zf || sf !== of,
    [ConditionCode.g]: !zf && sf === of,
  };
  const result = taken[instruction.conditionCode];
  return result === undefined ? undefined : result ? 'taken' : 'not taken';
}

/** Inspects only the first instruction of `bytes`. */
function firstInstruction<T>(
  bytes: Uint8Array,
  is32Bit: boolean,
  inspect: (instruction: Instruction) => T,
): T | undefined {
  const decoder = new Decoder(is32Bit ? 32 : 64, bytes, DecoderOptions.None);
  try {
    if (!decoder.canDecode) return undefined;
    const instruction = decoder.decode();
    try {
      return instruction.isInvalid ? undefined : inspect(instruction);
    } finally {
      instruction.free();
    }
  } finally {
    decoder.free();
  }
}

/** For `p`: the call's length when the instruction at RIP is a CALL (any form), else undefined. */
export function callLength(bytes: Uint8Array, is32Bit: boolean): number | undefined {
  return firstInstruction(bytes, is32Bit, (i) => (i.mnemonic === Mnemonic.Call ? i.length : undefined));
}

/** For `gu`: whether the instruction at RIP is a RET. */
export function isReturn(bytes: Uint8Array, is32Bit: boolean): boolean {
  return (
    firstInstruction(bytes, is32Bit, (i) => i.mnemonic === Mnemonic.Ret || i.mnemonic === Mnemonic.Retf) ??
    false
  );
}

/** Length of the first instruction, 0 when it does not decode. */
export function instructionLength(bytes: Uint8Array, is32Bit: boolean): number {
  return firstInstruction(bytes, is32Bit, (i) => i.length) ?? 0;
}
