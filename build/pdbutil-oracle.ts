/**
 * Records what llvm-pdbutil (LLVM's own PDB dumper) reads from each PDB in a folder, as JSON next
 * to it (`expected/<pdb>.json`): the identity, the section headers, every S_PUB32 with its RVA,
 * and the TPI records our reader interprets. The PDB reader's tests compare against these files,
 * so the tests need no LLVM tools; build/gen-sim-images.sh runs this after building the images.
 * Usage: tsx build/pdbutil-oracle.ts <folder-with-pdbs>
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

type TypeRecord = Record<string, unknown>;

const hexIndex = (text: string | undefined): number | null =>
  text === undefined || text.startsWith('<no type>') ? null : parseInt(text, 16);

function pdbutil(args: string[]): string {
  return execFileSync('llvm-pdbutil', args, { encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** Splits `dump -types` into records: header line `0xIIII | LF_KIND [size = N] `name`` plus detail lines. */
function parseTypes(text: string): Record<string, TypeRecord> {
  const out: Record<string, TypeRecord> = {};
  const blocks = text.split(/\n(?=\s+0x[0-9A-F]+ \| LF_)/);
  for (const block of blocks) {
    const head = /^\s+0x([0-9A-F]+) \| (LF_\w+) \[size = \d+\](?: `(.*)`)?/.exec(block);
    if (!head) continue;
    const [, index, kind, name] = head;
    const body = block.slice(head[0].length);
    const field = (re: RegExp) => re.exec(body)?.[1];
    let record: TypeRecord | undefined;
    switch (kind) {
      case 'LF_STRUCTURE':
      case 'LF_CLASS':
      case 'LF_UNION': {
        const options = field(/options: (.*)/) ?? '';
        record = {
          kind,
          name,
          fieldList: hexIndex(field(/field list: (<no type>|0x[0-9A-F]+)/)),
          size: Number(field(/sizeof (\d+)/)),
          forwardRef: options.includes('forward ref'),
        };
        break;
      }
      case 'LF_ENUM':
        record = {
          kind,
          name,
          fieldList: hexIndex(field(/field list: (<no type>|0x[0-9A-F]+)/)),
          underlying: hexIndex(field(/underlying type: (0x[0-9A-F]+)/)),
        };
        break;
      case 'LF_FIELDLIST':
        record = {
          kind,
          members: [...body.matchAll(/- (LF_\w+) \[(.*)\]/g)].map(([, member, detail]) => {
            if (member === 'LF_MEMBER') {
              const m = /name = `(.*)`, Type = (0x[0-9A-F]+).*, offset = (\d+)/.exec(detail)!;
              return { kind: member, name: m[1], type: parseInt(m[2], 16), offset: Number(m[3]) };
            }
            if (member === 'LF_NESTTYPE') {
              const m = /name = `(.*)`, parent = (0x[0-9A-F]+)/.exec(detail)!;
              return { kind: member, name: m[1], type: parseInt(m[2], 16) };
            }
            if (member === 'LF_ENUMERATE') {
              const m = /^(.*) = (-?\d+)$/.exec(detail)!;
              return { kind: member, name: m[1], value: Number(m[2]) };
            }
            return { kind: member };
          }),
        };
        break;
      case 'LF_BITFIELD':
        record = {
          kind,
          type: hexIndex(field(/type = (0x[0-9A-F]+)/)),
          position: Number(field(/bit offset = (\d+)/)),
          bits: Number(field(/# bits = (\d+)/)),
        };
        break;
      case 'LF_ARRAY':
        record = {
          kind,
          size: Number(field(/size: (\d+)/)),
          index: hexIndex(field(/index type: (0x[0-9A-F]+)/)),
          element: hexIndex(field(/element type: (0x[0-9A-F]+)/)),
        };
        break;
      case 'LF_POINTER':
        record = {
          kind,
          referent: hexIndex(field(/referent = (0x[0-9A-F]+)/)),
          size: field(/kind = ptr64/) !== undefined || /kind = ptr64/.test(body) ? 8 : 4,
        };
        break;
      case 'LF_MODIFIER': {
        const modifiers = field(/modifiers = (.*)/) ?? '';
        record = {
          kind,
          referent: hexIndex(field(/referent = (0x[0-9A-F]+)/)),
          isConst: modifiers.includes('const'),
          isVolatile: modifiers.includes('volatile'),
        };
        break;
      }
      default:
        record = { kind };
    }
    out[`0x${index}`] = record;
  }
  return out;
}

function parsePublics(text: string): { name: string; rva: number; isFunction: boolean }[] {
  const sections = [...text.matchAll(/^\s+([0-9A-F]+) virtual address$/gm)].map((m) => parseInt(m[1], 16));
  return [...text.matchAll(/S_PUB32 \[size = \d+\] `([^`]+)`\n\s+flags = ([^,]+), addr = (\d{4}):(\d+)/g)]
    .map((m) => ({
      name: m[1],
      rva: sections[Number(m[3]) - 1] + Number(m[4]),
      isFunction: m[2].includes('function'),
    }))
    .sort((a, b) => a.rva - b.rva || a.name.localeCompare(b.name));
}

const folder = process.argv[2];
if (!folder) throw new Error('usage: tsx build/pdbutil-oracle.ts <folder-with-pdbs>');
mkdirSync(path.join(folder, 'expected'), { recursive: true });
for (const file of readdirSync(folder).filter((f) => f.endsWith('.pdb'))) {
  const pdb = path.join(folder, file);
  const summary = pdbutil(['dump', '-summary', pdb]);
  const guid = /GUID: \{([0-9A-F-]+)\}/.exec(summary)![1].replaceAll('-', '').toLowerCase();
  const age = Number(/Age: (\d+)/.exec(summary)![1]);
  const expected = {
    generatedBy: 'llvm-pdbutil dump -summary -publics -section-headers -types',
    guid,
    age,
    publics: parsePublics(pdbutil(['dump', '-publics', '-section-headers', pdb])),
    types: parseTypes(pdbutil(['dump', '-types', pdb])),
  };
  writeFileSync(
    path.join(folder, 'expected', file.replace(/\.pdb$/, '.json')),
    JSON.stringify(expected, null, 1) + '\n',
  );
}
