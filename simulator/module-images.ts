import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readPdb, type Pdb } from '../shared/pdb';

/**
 * The simulated modules' images: PE files and PDBs compiled from C by build/gen-sim-images.sh
 * and committed under simulator/images/. The simulator maps each PE's headers and sections at
 * the module's base (the code is position-independent: RIP-relative, no absolute pointers, so no
 * relocation is needed at another base), reports the CodeView GUID/age of the PE's debug
 * directory in its module records, and takes function names and the kernel globals from the PDB.
 * Parsed once per process: the files never change while it runs.
 */

export interface ImageSection {
  readonly name: string;
  readonly rva: number;
  readonly bytes: Uint8Array;
  readonly executable: boolean;
}

export interface ModuleImage {
  readonly fileName: string;
  readonly sizeOfImage: number;
  readonly entryRva: number;
  readonly headers: Uint8Array;
  readonly sections: readonly ImageSection[];
  /** From the PE's CodeView (RSDS) debug record: what the module record carries. */
  readonly pdbName: string;
  readonly guidAndAge: string;
  readonly pdb: Pdb;
}

/**
 * Where the images are: next to this file in the sources, or under the application root when
 * this file is bundled into dist/electron/main.cjs.
 */
function imagesDirectory(): string {
  const candidates = [
    new URL('./images/', import.meta.url),
    new URL('../../simulator/images/', import.meta.url),
  ];
  for (const candidate of candidates) {
    const dir = fileURLToPath(candidate);
    if (existsSync(dir)) return dir;
  }
  throw new Error(
    `the simulator's module images are missing (looked in ${candidates.map((c) => fileURLToPath(c)).join(', ')})`,
  );
}

let directory: string | undefined;
/** The folder holding the simulator's PEs and PDBs: a symbol path entry that resolves every simulated module. */
export function simulatorSymbolDirectory(): string {
  directory ??= imagesDirectory();
  return directory;
}

const IMAGE_SCN_MEM_EXECUTE = 0x20000000;
const IMAGE_DEBUG_TYPE_CODEVIEW = 2;
const DEBUG_DIRECTORY_INDEX = 6;

const hex = (value: number, width: number) => value.toString(16).padStart(width, '0');

/** Reads a PE32+ image: headers, sections and the CodeView record of its debug directory. */
export function parsePeImage(bytes: Uint8Array, fileName: string): Omit<ModuleImage, 'pdb'> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (why: string) => new Error(`${fileName}: ${why}`);
  if (bytes.length < 0x40 || view.getUint16(0, true) !== 0x5a4d) throw fail('not a PE image (no MZ header)');
  const nt = view.getUint32(0x3c, true);
  if (nt + 24 > bytes.length || view.getUint32(nt, true) !== 0x4550)
    throw fail('not a PE image (no PE signature)');
  const sectionCount = view.getUint16(nt + 6, true);
  const optional = nt + 24;
  const optionalSize = view.getUint16(nt + 20, true);
  if (view.getUint16(optional, true) !== 0x20b) throw fail('not a PE32+ (x64) image');
  const sizeOfImage = view.getUint32(optional + 56, true);
  const entryRva = view.getUint32(optional + 16, true);
  const sizeOfHeaders = view.getUint32(optional + 60, true);
  const sections: ImageSection[] = [];
  for (let i = 0; i < sectionCount; i++) {
    const at = optional + optionalSize + 40 * i;
    const nameBytes = bytes.subarray(at, at + 8);
    const end = nameBytes.indexOf(0);
    const rawSize = view.getUint32(at + 16, true);
    const rawAt = view.getUint32(at + 20, true);
    if (rawAt + rawSize > bytes.length) throw fail(`section ${i} lies outside the file`);
    sections.push({
      name: new TextDecoder().decode(end === -1 ? nameBytes : nameBytes.subarray(0, end)),
      rva: view.getUint32(at + 12, true),
      bytes: bytes.subarray(rawAt, rawAt + Math.min(rawSize, view.getUint32(at + 8, true) || rawSize)),
      executable: (view.getUint32(at + 36, true) & IMAGE_SCN_MEM_EXECUTE) !== 0,
    });
  }
  const fileOffset = (rva: number) => {
    const section = sections.find((s) => rva >= s.rva && rva < s.rva + s.bytes.length);
    if (!section) throw fail(`RVA 0x${rva.toString(16)} is in no section`);
    return section.bytes.byteOffset - bytes.byteOffset + (rva - section.rva);
  };
  const debugRva = view.getUint32(optional + 112 + 8 * DEBUG_DIRECTORY_INDEX, true);
  const debugSize = view.getUint32(optional + 112 + 8 * DEBUG_DIRECTORY_INDEX + 4, true);
  let codeView: { pdbName: string; guidAndAge: string } | undefined;
  for (let at = debugRva ? fileOffset(debugRva) : 0, n = 0; n < debugSize / 28; n++, at += 28) {
    if (view.getUint32(at + 12, true) !== IMAGE_DEBUG_TYPE_CODEVIEW) continue;
    const record = view.getUint32(at + 24, true);
    if (view.getUint32(record, true) !== 0x53445352 /* RSDS */) continue;
    let guid = hex(view.getUint32(record + 4, true), 8) + hex(view.getUint16(record + 8, true), 4);
    guid += hex(view.getUint16(record + 10, true), 4);
    for (let i = 12; i < 20; i++) guid += hex(bytes[record + i]!, 2);
    const age = view.getUint32(record + 20, true);
    const nameEnd = bytes.indexOf(0, record + 24);
    codeView = {
      pdbName: new TextDecoder().decode(bytes.subarray(record + 24, nameEnd)),
      guidAndAge: guid + age.toString(16),
    };
  }
  if (!codeView) throw fail('no CodeView (RSDS) debug record');
  return {
    fileName,
    sizeOfImage,
    entryRva,
    headers: bytes.subarray(0, sizeOfHeaders),
    sections,
    ...codeView,
  };
}

const cache = new Map<string, ModuleImage>();

/** The image `fileName` (e.g. `ntoskrnl.exe`) with its PDB, checked to belong together. */
export function moduleImage(fileName: string): ModuleImage {
  const cached = cache.get(fileName);
  if (cached) return cached;
  const dir = simulatorSymbolDirectory();
  const pe = parsePeImage(new Uint8Array(readFileSync(dir + fileName)), fileName);
  const pdb = readPdb(new Uint8Array(readFileSync(dir + pe.pdbName)), pe.pdbName);
  if (pdb.guidAndAge !== pe.guidAndAge)
    throw new Error(
      `${pe.pdbName} (${pdb.guidAndAge}) does not belong to ${fileName} (${pe.guidAndAge}); rerun build/gen-sim-images.sh`,
    );
  const image = { ...pe, pdb };
  cache.set(fileName, image);
  return image;
}

/** The RVA of public symbol `name` in `image`, or an error naming both. */
export function publicRva(image: ModuleImage, name: string): number {
  const symbol = image.pdb.publics.find((p) => p.name === name);
  if (!symbol) throw new Error(`${image.pdbName} has no public symbol '${name}'`);
  return symbol.rva;
}
