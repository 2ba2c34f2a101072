import fc from 'fast-check';
import { Decoder, DecoderOptions, Encoder, EncodingKind, Register } from 'iced-x86';
import { describe, expect, it } from 'vitest';
import { disassemble } from '../../session/disassembler';
import { assemble, encodeInstruction } from './assemble';
import { parseIntelInstruction } from './intel-syntax';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function assembleHex(source: string, ip = 0x1000n): string {
  const result = assemble(source, ip);
  if (!result.ok) throw new Error(result.error);
  return hex(result.bytes);
}

describe('assembler: Intel syntax to bytes', () => {
  it.each([
    ['nop; nop; nop', '909090'],
    ['xor eax, eax', '31c0'],
    ['mov rax, 0x1234', '48c7c034120000'],
    ['mov rax, 0x1122334455667788', '48b88877665544332211'],
    ['add eax, 1', '83c001'],
    ['add eax, 0x12345678', '0578563412'],
    ['mov qword ptr [rsp+8], rbx', '48895c2408'],
    ['mov qword ptr ss:[rsp+0x08], rbx', '48895c2408'],
    ['mov rax, qword ptr gs:[0x188]', '65488b042588010000'],
    ['lea rcx, [rip+0x10]', '488d0d10000000'],
    ['jmp 0x1000', 'ebfe'],
    ['jmp near 0x1000', 'e9fbffffff'],
    ['call 0x2000', 'e8fb0f0000'],
    ['lock cmpxchg qword ptr [rcx], rdx', 'f0480fb111'],
    ['rep stosb', 'f3aa'],
    ['movups xmm0, xmmword ptr [rax]', '0f1000'],
    ['vaddps ymm1, ymm2, ymm3', 'c5ec58cb'],
    ['fld st(1)', 'd9c1'],
    ['add DWORD PTR [rax+rbx*4-0x10], 99', '834498f063'],
    ['mov eax, 1fh', 'b81f000000'],
    ['push -1', '6aff'],
    ['ret', 'c3'],
    // 64-bit sgdt/lidt take a 10-byte operand the disassembler prints as fword; far pointers
    ['sgdt fword ptr [rax]', '0f0100'],
    ['lidt fword ptr ds:[rcx]', '0f0119'],
    ['jmp far fword ptr [rax]', 'ff28'],
    ['call far tbyte ptr [rax]', '48ff18'],
    // an address a sign-extended disp32 holds is absolute, as Keystone (LLVM's assembler) writes it,
    // even where RIP-relative would be shorter; segment offsets alike, any segment
    ['mov eax, dword ptr [0x10]', '8b042510000000'],
    ['mov rax, fs:[0x30]', '64488b042530000000'],
    ['mov al, byte ptr es:[0x10]', '268a042510000000'],
    ['mov dword ptr ss:[0x10], eax', '3689042510000000'],
    ['mov rax, qword ptr cs:[0x30]', '2e488b042530000000'],
    ['mov rax, qword ptr ds:[0x30]', '488b042530000000'],
    ['mov rax, qword ptr [-0x10]', '488b0425f0ffffff'],
    // written RIP-relative: relative to the next instruction, with its segment
    ['mov rax, qword ptr gs:[rip+0x10]', '65488b0510000000'],
    ['mov rcx, qword ptr [rip-0x10]', '488b0df0ffffff'],
    // beyond a disp32 (LLVM would truncate it): the accumulator's 64-bit moffs, else RIP-relative
    ['mov rax, qword ptr gs:[0x0000112233445566]', '6548a16655443322110000'],
    ['mov eax, dword ptr [0x1000]', '8b042500100000'],
    // operands the disassembler leaves out (maskmovq's ds:[rdi]) or shows though the opcode has none
    ['maskmovq mm0, mm1', '0ff7c1'],
    ['vmaskmovdqu xmm0, xmm1', 'c5f9f7c1'],
    ['vmrun rax', '0f01d8'],
    ['vmrun eax', '670f01d8'],
    ['invlpga rax, ecx', '0f01df'],
  ])('%s', (source, bytes) => {
    expect(assembleHex(source)).toBe(bytes);
  });

  it('reaches an address between 2 and 4 GB EIP-relative, as the disassembler prints a 67h operand', () => {
    const ip = 0xfffff80163a01000n;
    const bytes = assemble('mov eax, dword ptr ds:[0x00000000E3A00FF7]', ip);
    expect(bytes.ok && hex(bytes.bytes)).toBe('678b05f0ffff7f');
    // far from the instruction and sign-extendable: an absolute [disp32], not the 67h form
    const low = assemble('mov eax, dword ptr [0x10]', ip);
    expect(low.ok && hex(low.bytes)).toBe('8b042510000000');
    expect(
      disassemble(Buffer.from('678b05f0ffff7f', 'hex'), ip, { is32Bit: false, maxInstructions: 1 })[0]?.text,
    ).toBe('mov eax, dword ptr ds:[0x00000000E3A00FF7]');
  });

  it('places each statement after the previous one (relative branches)', () => {
    expect(assembleHex('nop; jmp 0x1000')).toBe('90ebfd');
  });

  it('says what is wrong', () => {
    const cases: [string, RegExp][] = [
      ['bogus eax', /unknown mnemonic 'bogus'/],
      ['inc [rax]', /operand size of 'inc' is ambiguous/],
      ['mov eax, rbx', /invalid operands for 'mov'/],
      ['mov eax, [rax', /cannot read the memory operand/],
      ['add eax,', /an operand is missing/],
      ['shl eax, 1, 2', /invalid operands for 'shl'/],
      ['vmrun rcx', /invalid operands for 'vmrun'/],
      ['cpuid eax', /invalid operands for 'cpuid'/],
    ];
    for (const [source, message] of cases) {
      const result = assemble(source, 0n);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(message);
    }
  });
});

/**
 * Every instruction the disassembler prints (iced's formatter, configured as HyperDbg's `u`)
 * reads back through our parser and encodes again: to exactly the bytes iced's encoder gives the
 * decoded instruction when we choose the same opcode, otherwise (an equivalent opcode, e.g.
 * `add eax, imm32` written as `83 /0 ib`, or a redundant prefix dropped) to an encoding that is
 * no longer and disassembles to the same text. Legacy and VEX encodings (EVEX masking/broadcast
 * syntax is not read).
 */
describe('assembler: round trip of decoded instructions', () => {
  it('format → parse → encode reproduces the instruction', () => {
    const ip = 0xfffff80163a01000n;
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 15, maxLength: 15 }), (random) => {
        const decoder = new Decoder(64, random, DecoderOptions.None);
        decoder.ip = ip;
        const decoded = decoder.decode();
        try {
          if (decoded.isInvalid) return;
          if (decoded.encoding !== EncodingKind.Legacy && decoded.encoding !== EncodingKind.VEX) return;
          const [line] = disassemble(random.subarray(0, decoded.length), ip, {
            is32Bit: false,
            maxInstructions: 1,
          });
          if (!line) return;
          const parsed = parseIntelInstruction(line.text);
          if (!parsed.ok) throw new Error(`${line.text}: ${parsed.error}`);
          const ours = encodeInstruction(parsed.value, ip);
          if (typeof ours === 'string') throw new Error(`${line.text}: ${ours}`);
          // what iced's own encoder makes of the decoded instruction (skipped when it cannot re-encode it)
          const encoder = new Encoder(64);
          let canonical: Uint8Array;
          try {
            encoder.encode(decoded, ip);
            canonical = encoder.takeBuffer();
          } catch {
            return;
          } finally {
            encoder.free();
          }
          if (ours.code === decoded.code && hex(ours.bytes) === hex(canonical)) return;
          const [again] = disassemble(ours.bytes, ip, { is32Bit: false, maxInstructions: 1 });
          expect(
            again?.text,
            `${line.text} (${hex(random.subarray(0, decoded.length))} → ${hex(ours.bytes)})`,
          ).toBe(line.text);
          // a short branch that reached its target only through a redundant prefix needs the near form
          const relativeBranch =
            decoded.isJccShortOrNear || decoded.isJmpShortOrNear || decoded.isLoop || decoded.isLoopcc;
          if (!relativeBranch) expect(ours.bytes.length).toBeLessThanOrEqual(canonical.length);
        } finally {
          decoded.free();
          decoder.free();
        }
      }),
      // A fixed seed by default: random bytes may still reach unread corners (listed in
      // docs/session.md), and CI must not fail by chance. Explore with
      // FC_SEED=<n> npx vitest run electron/commands/assembler.
      { numRuns: 6000, seed: Number(process.env.FC_SEED ?? 20261206) },
    );
  });
});

describe('assembler: segment-relative addresses', () => {
  const SEGMENTS = [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65]; // es cs ss ds fs gs
  const SEGMENT_REGISTERS = [Register.ES, Register.CS, Register.SS, Register.DS, Register.FS, Register.GS];
  const ip = 0xfffff80163a01000n;

  it('moffs, [disp32] and RIP-relative forms with any segment come back as the same text, segment and address', () => {
    let checked = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...SEGMENTS),
        fc.constantFrom([], [0x48], [0x66]),
        fc.oneof(
          // moffs: a0..a3 with a 64-bit offset
          fc.tuple(fc.constantFrom(0xa0, 0xa1, 0xa2, 0xa3), fc.uint8Array({ minLength: 8, maxLength: 8 })),
          // ModRM [disp32] (mod 00, rm 100, SIB 25) and RIP-relative (mod 00, rm 101)
          fc.tuple(
            fc.constantFrom(0x8b, 0x89, 0x8a, 0x88),
            fc.constantFrom(0x04, 0x0c, 0x3c, 0x05, 0x1d),
            fc.uint8Array({ minLength: 4, maxLength: 4 }),
          ),
        ),
        (segment, rex, form) => {
          const body =
            form.length === 2
              ? [form[0], ...form[1]]
              : [form[0], form[1], ...((form[1] & 7) === 4 ? [0x25] : []), ...form[2]];
          const bytes = Uint8Array.from([segment, ...rex, ...body]);
          const [line] = disassemble(bytes, ip, { is32Bit: false, maxInstructions: 1 });
          if (!line || line.bytes.length !== bytes.length) return;
          const parsed = parseIntelInstruction(line.text);
          if (!parsed.ok) throw new Error(`${line.text}: ${parsed.error}`);
          const ours = encodeInstruction(parsed.value, ip);
          if (typeof ours === 'string') throw new Error(`${line.text}: ${ours}`);
          const decode = (b: Uint8Array) => {
            const decoder = new Decoder(64, b, DecoderOptions.None);
            decoder.ip = ip;
            const instruction = decoder.decode();
            const facts = {
              segment: instruction.memorySegment,
              address: instruction.memoryDisplacementU64,
              text: disassemble(b, ip, { is32Bit: false, maxInstructions: 1 })[0]?.text,
            };
            instruction.free();
            decoder.free();
            return facts;
          };
          const original = decode(bytes);
          const again = decode(ours.bytes);
          expect(again, `${line.text}: ${hex(bytes)} → ${hex(ours.bytes)}`).toEqual(original);
          expect(SEGMENT_REGISTERS).toContain(again.segment);
          checked++;
          // a disp32-sized address is written absolute, never RIP-relative (Keystone's form)
          const signed = BigInt.asIntN(64, original.address);
          if (signed >= -(1n << 31n) && signed < 1n << 31n)
            expect(hex(ours.bytes)).not.toMatch(/^(26|2e|36|3e|64|65)?(48|66)?(8b|89|8a|88)(05|0d|3d|1d)/);
        },
      ),
      { numRuns: 3000, seed: Number(process.env.FC_SEED ?? 20261206) },
    );
    // most generated byte strings are one whole instruction
    expect(checked).toBeGreaterThan(2000);
  });
});
