/**
 * pdbex's two formats over the repo's fixture PDB (a real PDB that make-fixture.sh builds with
 * clang and lld-link): CodeView flattens _FIXTURE_NESTED's anonymous unions and structure into
 * its field list, and the expected text is pdbex's rebuild of them (union and struct blocks, the
 * bitfield run with its unnamed gap, the unnamed member type expanded in place, padding members),
 * after the types it holds by value.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPdb } from '../../../shared/pdb';
import { FIXTURE_PDB_PATH } from '../../symbols/testing/fixture-pdb';
import { DEFAULT_PDBEX_SETTINGS, PdbexPrinter, type PdbexSettings } from './pdbex';

const pdb = readPdb(new Uint8Array(readFileSync(FIXTURE_PDB_PATH)), 'fixture.pdb');

function print(name: string, settings: Partial<PdbexSettings> & Pick<PdbexSettings, 'offsetFormat'>): string {
  const type = pdb.types.describe(pdb.types.find(name)!);
  return new PdbexPrinter(pdb.types, { ...DEFAULT_PDBEX_SETTINGS, ...settings }).dumpOne(type).all;
}

const ENTRY_C =
  'typedef struct _FIXTURE_ENTRY\n{\n' +
  '  /* 0x0000 */ struct _FIXTURE_ENTRY* Next;\n' +
  '  /* 0x0008 */ unsigned short Tag[4];\n' +
  '} FIXTURE_ENTRY, *PFIXTURE_ENTRY; /* size: 0x0010 */\n\n';

describe('pdbex text', () => {
  it('struct: anonymous unions, the bitfield struct, the unnamed member type and padding, after the referenced types', () => {
    expect(print('_FIXTURE_NESTED', { offsetFormat: false })).toBe(
      '#include <pshpack1.h>\n' +
        ENTRY_C +
        'typedef enum _FIXTURE_MODE\n{\n  FixtureKernel = 0,\n  FixtureUser = 1,\n  FixtureMaximum = 2,\n' +
        '} FIXTURE_MODE, *PFIXTURE_MODE;\n\n' +
        'typedef struct _FIXTURE_NESTED\n{\n' +
        '  /* 0x0000 */ unsigned long Header;\n' +
        '  union\n  {\n' +
        '    /* 0x0004 */ unsigned long Flags;\n' +
        '    struct /* bitfield */\n    {\n' +
        '      /* 0x0004 */ unsigned long Active : 1; /* bit position: 0 */\n' +
        '      /* 0x0004 */ unsigned long Mode : 3; /* bit position: 1 */\n' +
        '      /* 0x0004 */ unsigned long : 4; /* bit position: 4 */\n' +
        '      /* 0x0004 */ unsigned long Spare : 24; /* bit position: 8 */\n' +
        '    }; /* bitfield */\n' +
        '  }; /* size: 0x0004 */\n' +
        '  union\n  {\n' +
        '    /* 0x0008 */ void* Pointer;\n' +
        '    /* 0x0008 */ unsigned __int64 Value;\n' +
        '  }; /* size: 0x0008 */\n' +
        '  /* 0x0010 */ struct _FIXTURE_ENTRY Entry;\n' +
        '  struct\n  {\n' +
        '    /* 0x0020 */ unsigned char Kind;\n' +
        // pdbex places a padding member by the member's own offset, without its parent's
        '    /* 0x0001 */ char Padding_0;\n' +
        '    /* 0x0022 */ unsigned short Count;\n' +
        '  } /* size: 0x0004 */ Named;\n' +
        '  /* 0x0024 */ enum _FIXTURE_MODE Kind;\n' +
        '  /* 0x0028 */ unsigned char Tail;\n' +
        '  /* 0x0029 */ char __PADDING__[7];\n' +
        '} FIXTURE_NESTED, *PFIXTURE_NESTED; /* size: 0x0030 */\n\n' +
        '#include <poppack.h>\n',
    );
  });

  it('dt: the offset format lists the same members, nested ones under a blank line and their member name', () => {
    expect(print('_FIXTURE_NESTED', { offsetFormat: true })).toBe(
      '#include <pshpack1.h>\n' +
        ' _FIXTURE_ENTRY\n  +0x0000 _FIXTURE_ENTRY* Next\n  +0x0008 unsigned short Tag[4]\n\n\n' +
        // enums keep pdbex's C text in the offset format, without indentation or typedef names
        'typedef enum _FIXTURE_MODE\n{\nFixtureKernel = 0,\nFixtureUser = 1,\nFixtureMaximum = 2,\n};\n\n' +
        ' _FIXTURE_NESTED\n' +
        '  +0x0000 unsigned long Header\n' +
        '  +0x0004 unsigned long Flags\n' +
        '  +0x0004 unsigned long Active, Pos 0, 1 Bit\n' +
        '  +0x0004 unsigned long Mode, Pos 1, 3 Bit\n' +
        '  +0x0004 unsigned long : Pos 4, 4 Bit\n' +
        '  +0x0004 unsigned long Spare, Pos 8, 24 Bit\n' +
        '  +0x0008 void* Pointer\n' +
        '  +0x0008 unsigned __int64 Value\n' +
        '  +0x0010 _FIXTURE_ENTRY Entry\n' +
        '\n' +
        '  +0x0020 unsigned char Kind\n' +
        '  +0x0001 char Padding_0\n' +
        '  +0x0022 unsigned short Count\n' +
        ' Named\n' +
        '  +0x0024 enum _FIXTURE_MODE Kind\n' +
        '  +0x0028 unsigned char Tail\n' +
        '  +0x0029 char __PADDING__[7]\n\n\n' +
        '#include <poppack.h>\n',
    );
  });

  it('inline all nests every type once and prints no referenced types; inline none names the unnamed one', () => {
    const all = print('_FIXTURE_NESTED', { offsetFormat: false, expansion: 'all' });
    expect(all.startsWith('typedef struct _FIXTURE_NESTED\n{\n')).toBe(true);
    expect(all).toContain(
      '  struct _FIXTURE_ENTRY\n  {\n    /* 0x0010 */ struct _FIXTURE_ENTRY* Next;\n' +
        '    /* 0x0018 */ unsigned short Tag[4];\n  } /* size: 0x0010 */ Entry;\n',
    );
    // an enum member keeps its offset (only structure members are shown without one)
    expect(all).toContain('  /* 0x0024 */ enum _FIXTURE_MODE\n  {\n    FixtureKernel = 0,\n');
    expect(all).not.toContain('#include');
    const none = print('_FIXTURE_NESTED', { offsetFormat: false, expansion: 'none' });
    // v0.23's pdbex writes no name after `struct` for an unnamed type, only in the typedef
    expect(none).toContain(
      'typedef struct\n{\n  /* 0x0000 */ unsigned char Kind;\n  /* 0x0001 */ char Padding_0;\n' +
        '  /* 0x0002 */ unsigned short Count;\n} TAG_UNNAMED_1, *PTAG_UNNAMED_1; /* size: 0x0004 */\n\n',
    );
    expect(none).toContain('  /* 0x0020 */ struct _TAG_UNNAMED_1 Named;\n');
  });

  it('options: stdint names, no offsets, no padding, no pragma lines, a prefix (no typedef without a leading _)', () => {
    const text = print('_FIXTURE_ENTRY', {
      offsetFormat: false,
      useStdInt: true,
      showOffsets: false,
      pragmaPack: false,
      prefix: 'My',
    });
    expect(text).toBe(
      '#include <stdint.h>\nstruct My_FIXTURE_ENTRY\n{\n  struct My_FIXTURE_ENTRY* Next;\n' +
        '  uint16_t Tag[4];\n}; /* size: 0x0010 */\n\n',
    );
    const unpadded = print('_FIXTURE_NESTED', { offsetFormat: true, paddingMembers: false });
    expect(unpadded).not.toContain('Padding_0');
    expect(unpadded).toContain('  +0x0029 char __PADDING__[7]\n');
  });

  it('dt with memory maps each member onto the bytes: values, bits, (null), nested type names', () => {
    const data = new Uint8Array(48);
    const view = new DataView(data.buffer);
    view.setUint32(0, 0x1234, true);
    view.setUint32(4, 0x00000a0b, true); // Active 1, Mode 5, Spare 0x0a
    view.setBigUint64(8, 0xffffc58a00001000n, true);
    const text = new PdbexPrinter(pdb.types, {
      ...DEFAULT_PDBEX_SETTINGS,
      offsetFormat: true,
      expansion: 'all',
      data,
    }).dumpOne(pdb.types.describe(pdb.types.find('_FIXTURE_NESTED')!)).all;
    for (const line of [
      '  +0x0000 unsigned long Header : 0x1234\n',
      '  +0x0004 unsigned long Active, Pos 0, 1 Bit : 0y1\n',
      '  +0x0004 unsigned long Mode, Pos 1, 3 Bit : 0y101 (0x5)\n',
      '  +0x0004 unsigned long Spare, Pos 8, 24 Bit : 0y010100000000000000000000 (0xa)\n',
      '  +0x0008 void* Pointer : ffffc58a`00001000\n',
      '  +0x0028 unsigned char Tail : (null)\n',
      '  +0x0029 char __PADDING__[7] : (null)\n',
      // pdbex maps a nested member at its own offset from the start of the bytes, not its parent's
      '  +0x0018 unsigned short Tag[4] : ffffc58a`00001000\n',
    ])
      expect(text).toContain(line);
  });
});
