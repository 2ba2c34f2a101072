import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PdbFormatError, PdbTypes, readPdb } from './index';
import { MsfFile, StreamReader } from './msf';
import { readNumeric, TPI_STREAM, TypeStream, type TypeRecord } from './tpi';

/**
 * The simulator's images, built by build/gen-sim-images.sh with clang + lld-link; the expected
 * JSON next to them is llvm-pdbutil's reading of the same files (build/pdbutil-oracle.ts).
 */
const images = new URL('../../simulator/images/', import.meta.url);
const load = (name: string) => new Uint8Array(readFileSync(new URL(name, images)));
const oracle = (name: string) =>
  JSON.parse(readFileSync(new URL(`expected/${name}.json`, images), 'utf8')) as {
    guid: string;
    age: number;
    publics: { name: string; rva: number; isFunction: boolean }[];
    types: Record<string, Record<string, unknown>>;
  };

const PDBS = ['ntkrnlmp', 'hal', 'hyperkd', 'hyperhv', 'ntdll'];
const kernelBytes = load('ntkrnlmp.pdb');
const kernel = readPdb(kernelBytes, 'ntkrnlmp.pdb');

/** Our record in the oracle's vocabulary (the fields llvm-pdbutil prints for each leaf). */
function asOracle(record: TypeRecord): Record<string, unknown> {
  switch (record.kind) {
    case 'struct':
    case 'class':
    case 'union':
      return {
        kind: { struct: 'LF_STRUCTURE', class: 'LF_CLASS', union: 'LF_UNION' }[record.kind],
        name: record.name,
        fieldList: record.fieldList || null,
        size: record.size,
        forwardRef: record.forwardRef,
      };
    case 'enum':
      return {
        kind: 'LF_ENUM',
        name: record.name,
        fieldList: record.fieldList || null,
        underlying: record.underlying,
      };
    case 'fieldList':
      return {
        kind: 'LF_FIELDLIST',
        members: record.members.map((m) =>
          m.kind === 'member'
            ? { kind: 'LF_MEMBER', name: m.name, type: m.type, offset: m.offset }
            : m.kind === 'nested'
              ? { kind: 'LF_NESTTYPE', name: m.name, type: m.type }
              : m.kind === 'enumerate'
                ? { kind: 'LF_ENUMERATE', name: m.name, value: Number(m.value) }
                : { kind: m.kind },
        ),
      };
    case 'bitfield':
      return { kind: 'LF_BITFIELD', type: record.type, position: record.position, bits: record.bits };
    case 'array':
      return { kind: 'LF_ARRAY', size: record.size, index: record.index, element: record.element };
    case 'pointer':
      return { kind: 'LF_POINTER', referent: record.referent, size: record.size };
    case 'modifier':
      return {
        kind: 'LF_MODIFIER',
        referent: record.referent,
        isConst: record.isConst,
        isVolatile: record.isVolatile,
      };
    case 'procedure':
      return { kind: 'LF_PROCEDURE' };
    case 'argList':
      return { kind: 'LF_ARGLIST' };
    default:
      return { kind: `leaf 0x${record.leaf.toString(16)}` };
  }
}

describe('PDB reader against llvm-pdbutil on the simulator images', () => {
  it.each(PDBS)('%s.pdb: identity and every S_PUB32 with its RVA', (name) => {
    const pdb = readPdb(load(`${name}.pdb`), `${name}.pdb`);
    const expected = oracle(name);
    expect(pdb.guid).toBe(expected.guid);
    expect(pdb.guidAndAge).toBe(expected.guid + expected.age.toString(16));
    expect(expected.publics.length).toBeGreaterThan(3);
    expect(pdb.publics).toEqual(expected.publics);
  });

  it.each(PDBS)('%s.pdb: every TPI record decodes to what llvm-pdbutil prints', (name) => {
    const stream = new TypeStream(new MsfFile(load(`${name}.pdb`)).stream(TPI_STREAM));
    const expected = oracle(name).types;
    expect(stream.count).toBe(Object.keys(expected).length);
    for (const [index, record] of Object.entries(expected)) {
      const ours = asOracle(stream.record(parseInt(index, 16)));
      // procedures and argument lists are compared by kind only (the oracle keeps only their kind)
      expect({ index, ...ours }).toEqual({ index, ...record });
    }
  });

  it('lays out the kernel structures with the offsets llvm-pdbutil reports', () => {
    const types = oracle('ntkrnlmp').types;
    const definition = Object.values(types).find((t) => t.name === '_EPROCESS' && t.forwardRef === false)!;
    const members = (
      types[`0x${(definition.fieldList as number).toString(16).toUpperCase()}`]!.members as {
        name: string;
        offset: number;
      }[]
    ).filter((m) => m.name);
    const layout = kernel.types.layout('_EPROCESS');
    expect(layout.size).toBe(definition.size);
    expect(layout.fields.map((f) => [f.name, f.offset])).toEqual(members.map((m) => [m.name, m.offset]));
  });

  it('spells field types as C and resolves forward references to the definition', () => {
    const eprocess = kernel.types.layout('_EPROCESS');
    const field = (name: string) => eprocess.fields.find((f) => f.name === name)!;
    expect(field('Pcb').type).toMatchObject({ kind: 'udt', name: '_KPROCESS', size: 0x438 });
    expect(field('UniqueProcessId').type).toMatchObject({ kind: 'pointer', name: 'void*', size: 8 });
    expect(field('ActiveProcessLinks').type).toMatchObject({ kind: 'udt', name: '_LIST_ENTRY', size: 16 });
    expect(field('ImageFileName').type).toMatchObject({
      kind: 'array',
      name: 'unsigned char[15]',
      elementCount: 15,
    });
    expect(field('Peb').type).toMatchObject({ kind: 'pointer', name: '_PEB*' });
    expect(field('Peb').type.target).toMatchObject({ kind: 'udt', size: 0x220 });
    expect(field('ActiveThreads').type).toMatchObject({ name: 'unsigned long', isVolatile: true });
    expect(field('ProcessDelete')).toMatchObject({ offset: 0x464, bitPosition: 3, bitCount: 1 });
    expect(field('DefaultPagePriority')).toMatchObject({ offset: 0x460, bitPosition: 12, bitCount: 3 });
  });

  it('answers offsetOf for field paths through nested structures', () => {
    expect(kernel.types.offsetOf('_EPROCESS', 'Pcb.DirectoryTableBase').offset).toBe(0x28);
    expect(kernel.types.offsetOf('_ETHREAD', 'Cid.UniqueThread').offset).toBe(0x480);
    expect(kernel.types.offsetOf('_KLDR_DATA_TABLE_ENTRY', 'BaseDllName.Buffer').offset).toBe(0x60);
    expect(() => kernel.types.offsetOf('_EPROCESS', 'NoSuchField')).toThrow(
      "_EPROCESS has no field named 'NoSuchField'",
    );
    expect(() => kernel.types.layout('_NO_SUCH_TYPE')).toThrow("there is no type named '_NO_SUCH_TYPE'");
  });

  it('reads enums with their values', () => {
    const pool = kernel.types.enumeration('_POOL_TYPE');
    expect(pool.values.find((v) => v.name === 'NonPagedPoolNx')?.value).toBe(512n);
    expect(pool.underlying.name).toBe('int');
    expect(kernel.types.names()).toEqual(
      expect.arrayContaining(['_EPROCESS', '_ETHREAD', '_KTHREAD_STATE', '_PEB']),
    );
  });
});

describe('PDB reader on damaged input', () => {
  const expectCleanOutcome = (bytes: Uint8Array) => {
    try {
      const pdb = readPdb(bytes, 'damaged.pdb');
      // whatever survived must still be walkable without hanging
      for (const name of pdb.types.names()) {
        try {
          pdb.types.layout(name);
        } catch (error) {
          expect((error as Error).name).toMatch(/PdbFormatError|PdbTypeError/);
        }
      }
    } catch (error) {
      expect(error).toBeInstanceOf(PdbFormatError);
      expect((error as Error).message).toMatch(/^damaged\.pdb: /);
    }
  };

  it('rejects files that are not PDBs, naming the file', () => {
    expect(() => readPdb(new TextEncoder().encode('MZ not a pdb'), 'x.pdb')).toThrow(
      'x.pdb: not a PDB 7.0 (MSF 7.00) file',
    );
    expect(() => readPdb(kernelBytes.subarray(0, 8192), 'cut.pdb')).toThrow(
      /^cut\.pdb: .*(truncated|outside)/,
    );
  });

  it('survives truncation at any length', () => {
    fc.assert(
      fc.property(fc.nat(kernelBytes.length), (length) => expectCleanOutcome(kernelBytes.slice(0, length))),
      {
        numRuns: 60,
      },
    );
  });

  it('survives random byte damage anywhere in the file', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(kernelBytes.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 24,
        }),
        (edits) => {
          const damaged = kernelBytes.slice();
          for (const [at, value] of edits) damaged[at] = value;
          expectCleanOutcome(damaged);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('survives garbage', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20000 }), (bytes) => expectCleanOutcome(bytes)),
      { numRuns: 100 },
    );
  });
});

/** A TPI stream from hand-made records (each given without its length prefix). */
function tpi(records: number[][], claimedCount = records.length): Uint8Array {
  const body = records.flatMap((r) => {
    const padded = [...r];
    while ((padded.length + 2) % 4) padded.push(0xf0 | (4 - ((padded.length + 2) % 4)));
    return [padded.length & 0xff, padded.length >> 8, ...padded];
  });
  const header = new DataView(new ArrayBuffer(56));
  header.setUint32(0, 20040203, true);
  header.setUint32(4, 56, true);
  header.setUint32(8, 0x1000, true);
  header.setUint32(12, 0x1000 + claimedCount, true);
  header.setUint32(16, body.length, true);
  return Uint8Array.from([...new Uint8Array(header.buffer), ...body]);
}
const u16 = (v: number) => [v & 0xff, v >> 8];
const u32 = (v: number) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24];
const text = (s: string) => [...new TextEncoder().encode(s), 0];

describe('type graph walks on hostile type indexes', () => {
  const records = [
    [...u16(0x1001), ...u32(0x1000), ...u16(1)], // 0x1000 LF_MODIFIER of itself
    [...u16(0x1505), ...u16(1), ...u16(0), ...u32(0x1002), ...u32(0), ...u32(0), ...u16(8), ...text('_LOOP')], // 0x1001
    [
      ...u16(0x1203),
      ...u16(0x150d),
      ...u16(3),
      ...u32(0x0023),
      ...u16(0),
      ...text('A'),
      0xf1,
      ...u16(0x1404),
      ...u16(0),
      ...u32(0x1002),
    ], // 0x1002 continues into itself
    [...u16(0x1505), ...u16(1), ...u16(0), ...u32(0x1004), ...u32(0), ...u32(0), ...u16(8), ...text('_SELF')], // 0x1003
    [...u16(0x1203), ...u16(0x150d), ...u16(3), ...u32(0x1000), ...u16(0), ...text('B')], // 0x1004 member of the looping modifier
  ];
  const types = new PdbTypes(new TypeStream(tpi(records)), 'hostile.pdb');

  it('reports a modifier that refers to itself instead of recursing', () => {
    expect(() => types.describe(0x1000)).toThrow(
      /^hostile\.pdb: type 0x1000 is part of a chain of types that refers back to itself/,
    );
    expect(() => types.layout('_SELF')).toThrow(PdbFormatError);
  });

  it('reports a field list that continues into itself', () => {
    expect(() => types.layout('_LOOP')).toThrow('hostile.pdb: field list 0x1002 continues into itself');
  });

  it('refuses a header claiming more records than its bytes can hold', () => {
    expect(() => new TypeStream(tpi(records, 0x7fffffff))).toThrow(/claims 2147483647 type records/);
    expect(() => new TypeStream(tpi(records, records.length + 1))).toThrow(/truncated/);
  });

  it('never hangs or crashes on random records', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.uint8Array({ minLength: 2, maxLength: 40 }).map((b) => [...b]),
          { minLength: 1, maxLength: 12 },
        ),
        (random) => {
          try {
            const stream = new TypeStream(tpi(random));
            const hostile = new PdbTypes(stream, 'random.pdb');
            for (let i = 0x1000; i < 0x1000 + random.length; i++) {
              try {
                hostile.describe(i);
                hostile.layout(i);
              } catch (error) {
                expect((error as Error).name).toMatch(/PdbFormatError|PdbTypeError/);
              }
            }
          } catch (error) {
            expect(error).toBeInstanceOf(PdbFormatError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('numeric leaves', () => {
  const read = (...bytes: number[]) => readNumeric(new StreamReader(Uint8Array.from(bytes), 'test bytes'), 0);

  it('reads an immediate value and every value leaf with its width and sign', () => {
    expect(read(0x34, 0x12)).toEqual({ value: 0x1234n, next: 2 });
    expect(read(0x00, 0x80, 0xff)).toEqual({ value: -1n, next: 3 });
    expect(read(0x01, 0x80, 0xfe, 0xff)).toEqual({ value: -2n, next: 4 });
    expect(read(0x02, 0x80, 0xfe, 0xff)).toEqual({ value: 0xfffen, next: 4 });
    expect(read(0x03, 0x80, 0xfd, 0xff, 0xff, 0xff)).toEqual({ value: -3n, next: 6 });
    expect(read(0x04, 0x80, 0xfd, 0xff, 0xff, 0xff)).toEqual({ value: 0xfffffffdn, next: 6 });
    expect(read(0x09, 0x80, 0xfc, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)).toEqual({
      value: -4n,
      next: 10,
    });
    expect(read(0x0a, 0x80, 0xfc, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)).toEqual({
      value: 0xfffffffffffffffcn,
      next: 10,
    });
  });

  it('refuses a leaf that is not a value, naming it and the stream', () => {
    expect(() => read(0x05, 0x80, 0, 0, 0, 0)).toThrow(/unsupported numeric leaf 0x8005 in test bytes/);
  });
});
