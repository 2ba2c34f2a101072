/**
 * The pieces HyperDbg v0.23's `cpuid` output is built from: register fields as ia32.h's
 * CPUID_* macros extract them (shift, then mask), printf's `%08X`/`%u`, and the two banners it
 * puts under a leaf's title.
 */
import type { DEBUGGER_CPUID_REQUEST_RESPONSE } from '../../../shared/protocol/structs';

export type CpuidAnswer = ReturnType<typeof DEBUGGER_CPUID_REQUEST_RESPONSE.decode>;

/** printf `%0NX` of a 32-bit value. */
export const hexUpper = (value: number, digits: number): string =>
  (value >>> 0).toString(16).toUpperCase().padStart(digits, '0');
export const hex8 = (value: number): string => hexUpper(value, 8);

export const bit = (value: number, index: number): boolean => ((value >>> index) & 1) === 1;
/** `(value >> low) & mask` with a mask of `width` ones, unsigned (widths up to 32). */
export const field = (value: number, low: number, width: number): number =>
  width >= 32 ? value >>> 0 : ((value >>> low) & ((1 << width) - 1)) >>> 0;
export const trueFalse = (on: boolean): string => (on ? 'TRUE' : 'FALSE');
/** `%u` of a UINT32 sum: wraps as C's unsigned arithmetic does. */
export const plusOne = (value: number): number => (value + 1) >>> 0;

/** The banner of a leaf without subleaves; `title` is its second line between the asterisks. */
export const noSubleaves = (title: string): string =>
  '  *******************************************************\n' +
  `  *${title}*\n` +
  '  *       ANY SUBLEAF YOU ENTER WILL DEFAULT TO 0       *\n' +
  '  *      AND THE PROCESSOR RETURNS UNDEFINED VALUES     *\n' +
  '  *******************************************************\n\n';

/** The banner of a leaf with subleaves (the count is not padded, so the box's right edge moves). */
export const maxSubleaves = (count: number | string): string =>
  '  *******************************************************\n' +
  `  *             Max NumberOfSubLeaves = ${count}               *\n` +
  '  *******************************************************\n\n';

/** `  EAX: 0x…` .. `  EDX: 0x…`, HyperDbg's dump of a leaf it does not decode. */
export const rawRegisters = (a: CpuidAnswer, prefix = '  ', separator = ': '): string =>
  `${prefix}EAX${separator}0x${hex8(a.EAX)}\n` +
  `${prefix}EBX${separator}0x${hex8(a.EBX)}\n` +
  `${prefix}ECX${separator}0x${hex8(a.ECX)}\n` +
  `${prefix}EDX${separator}0x${hex8(a.EDX)}\n`;
