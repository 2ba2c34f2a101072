import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldType, StructCodec } from './struct';
import {
  DEBUGGEE_CHANGE_CORE_PACKET,
  DEBUGGEE_KD_PAUSED_PACKET,
  DEBUGGER_MODIFY_EVENTS,
  DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET,
  STRUCTS,
} from './structs';

/** Byte ranges whose content must survive decode → encode exactly (not padding, booleans or strings). */
function exactRanges(codec: StructCodec<unknown>, base = 0): { from: number; to: number }[] {
  return codec.fields.flatMap((field) => {
    const type: FieldType<unknown> = field.type;
    if (type.nested) return exactRanges(type.nested, base + field.offset);
    if (type.cType === 'BOOLEAN' || type.cType.toUpperCase().startsWith('CHAR')) return [];
    return [{ from: base + field.offset, to: base + field.offset + type.size }];
  });
}

describe('struct codecs', () => {
  for (const [name, codec] of Object.entries(STRUCTS) as [string, StructCodec<unknown>][]) {
    it(`${name}: decode → encode keeps every value byte and zeroes padding`, () => {
      const ranges = exactRanges(codec);
      fc.assert(
        fc.property(fc.uint8Array({ minLength: codec.size, maxLength: codec.size }), (input) => {
          const value = codec.decode(input);
          const output = codec.encode(value as never);
          expect(output.length).toBe(codec.size);
          expect(codec.decode(output)).toEqual(value);
          const covered = new Uint8Array(codec.size);
          for (const { from, to } of ranges) {
            covered.fill(1, from, to);
            expect(output.subarray(from, to)).toEqual(input.subarray(from, to));
          }
          for (const field of codec.layout.fields) covered.fill(1, field.offset, field.offset + field.size);
          for (let i = 0; i < codec.size; i++)
            if (!covered[i]) expect(output[i], `padding byte ${i}`).toBe(0);
        }),
        { numRuns: 30 },
      );
    });
  }

  it('decode is tolerant: short or empty input reads as zero and never throws', () => {
    const paused = DEBUGGEE_KD_PAUSED_PACKET.decode(Uint8Array.of(0x10, 0x20));
    expect(paused.Rip).toBe(0x2010n);
    expect(paused.PausingReason).toBe(0);
    expect(paused.InstructionBytesOnRip).toEqual(new Uint8Array(16));
    for (const codec of Object.values(STRUCTS) as StructCodec<unknown>[]) {
      expect(() => codec.decode(new Uint8Array(0))).not.toThrow();
      expect(() => codec.decode(new Uint8Array(3), 1000)).not.toThrow();
    }
  });

  it('encodes fields at the header offsets (DEBUGGEE_KD_PAUSED_PACKET, section 7.2)', () => {
    const bytes = DEBUGGEE_KD_PAUSED_PACKET.encode({
      Rip: 0xfffff80163a1b2c3n,
      IgnoreDisassembling: true,
      PausingReason: 5,
      CurrentCore: 2,
      EventTag: 1n,
      Rflags: 0x246n,
      InstructionBytesOnRip: Uint8Array.of(0xcc),
      ReadInstructionLen: 16,
    });
    const view = new DataView(bytes.buffer);
    expect(bytes.length).toBe(72);
    expect(view.getBigUint64(0, true)).toBe(0xfffff80163a1b2c3n);
    expect(bytes[9]).toBe(1);
    expect(view.getUint32(12, true)).toBe(5);
    expect(view.getUint32(16, true)).toBe(2);
    expect(view.getBigUint64(24, true)).toBe(1n);
    expect(view.getBigUint64(40, true)).toBe(0x246n);
    expect(bytes[48]).toBe(0xcc);
    expect(view.getUint16(64, true)).toBe(16);
  });

  it('nested structs and u64 statuses (MODIFY_EVENTS apply-to-all tag)', () => {
    const bytes = DEBUGGER_MODIFY_EVENTS.encode({ Tag: 0xffffffffffffffffn, TypeOfAction: 3 });
    expect(DEBUGGER_MODIFY_EVENTS.decode(bytes).Tag).toBe(0xffffffffffffffffn);
    const process = DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET.encode({
      ProcessListSymDetails: { UniquePidOffset: 0x440 },
      Result: 0xffffffff,
    });
    expect(new DataView(process.buffer).getUint32(52, true)).toBe(0x440);
    expect(new DataView(process.buffer).getUint32(64, true)).toBe(0xffffffff);
  });

  it('encodeInto writes at an offset (zeroing the region) and decode reads from one', () => {
    const target = new Uint8Array(40).fill(0xaa);
    DEBUGGEE_CHANGE_CORE_PACKET.encodeInto(target, 30, { NewCore: 3 });
    expect(target.subarray(30, 38)).toEqual(Uint8Array.of(3, 0, 0, 0, 0, 0, 0, 0));
    expect(target[29]).toBe(0xaa);
    expect(target[38]).toBe(0xaa);
    expect(DEBUGGEE_CHANGE_CORE_PACKET.decode(target, 30)).toEqual({ NewCore: 3, Result: 0 });
    expect(() => DEBUGGEE_CHANGE_CORE_PACKET.encodeInto(target, 33, {})).toThrow(RangeError);
  });

  it('refuses values that do not fit, naming the field', () => {
    expect(() => DEBUGGEE_KD_PAUSED_PACKET.encode({ CurrentCore: 2 ** 32 })).toThrow(
      /DEBUGGEE_KD_PAUSED_PACKET.CurrentCore/,
    );
    expect(() => DEBUGGEE_KD_PAUSED_PACKET.encode({ InstructionBytesOnRip: new Uint8Array(17) })).toThrow(
      RangeError,
    );
    expect(() => DEBUGGEE_KD_PAUSED_PACKET.encode({ Nope: 1 } as never)).toThrow(/has no field 'Nope'/);
    expect(() => DEBUGGEE_KD_PAUSED_PACKET.encode({ Rip: 1n << 64n })).toThrow(RangeError);
  });

  it('enum -1 (DEBUGGER_EVENT_MODE_TYPE_INVALID) goes on the wire as FF FF FF FF', () => {
    expect(DEBUGGEE_KD_PAUSED_PACKET.encode({ PausingReason: -1 }).subarray(12, 16)).toEqual(
      Uint8Array.of(0xff, 0xff, 0xff, 0xff),
    );
  });
});
