/**
 * Public symbols of a PDB: identity (GUID + age, as symbol servers and HyperDbg's module records
 * spell it), the section headers (from the DBI optional debug header), and every S_PUB32 record
 * of the symbol record stream, as RVAs.
 */
import { MsfFile, PdbFormatError } from './msf';

const PDB_INFO_STREAM = 1;
const DBI_STREAM = 3;
const DBI_HEADER_SIZE = 64;
/** Index of the section header stream in the DBI optional debug header. */
const DEBUG_HEADER_SECTION_HDR = 5;
const IMAGE_SECTION_HEADER_SIZE = 40;
const S_PUB32 = 0x110e;

export interface PdbSection {
  readonly name: string;
  readonly virtualAddress: number;
  readonly virtualSize: number;
}

export interface PublicSymbol {
  readonly name: string;
  readonly rva: number;
  readonly isFunction: boolean;
}

export interface PdbPublics {
  /** Lower-case GUID hex (Data1 Data2 Data3 Data4 bytes) followed by the age in `%x`: the cache folder name. */
  readonly guidAndAge: string;
  readonly guid: string;
  readonly age: number;
  readonly sections: readonly PdbSection[];
  /** Sorted by RVA. */
  readonly publics: readonly PublicSymbol[];
}

const hex = (value: number, width: number) => value.toString(16).padStart(width, '0');

function readGuid(bytes: Uint8Array, at: number): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let text =
    hex(view.getUint32(at, true), 8) +
    hex(view.getUint16(at + 4, true), 4) +
    hex(view.getUint16(at + 6, true), 4);
  for (let i = 8; i < 16; i++) text += hex(bytes[at + i], 2);
  return text;
}

function cString(bytes: Uint8Array, start: number, end: number): string {
  let stop = start;
  while (stop < end && bytes[stop] !== 0) stop++;
  return new TextDecoder('utf-8').decode(bytes.subarray(start, stop));
}

export function readPdbPublics(file: Uint8Array): PdbPublics {
  const msf = new MsfFile(file);
  const info = msf.stream(PDB_INFO_STREAM);
  if (info.length < 28) throw new PdbFormatError('PDB info stream is missing');
  const guid = readGuid(info, 12);
  const dbi = msf.stream(DBI_STREAM);
  if (dbi.length < DBI_HEADER_SIZE)
    throw new PdbFormatError('DBI stream is missing (a PDB without debug info)');
  const view = new DataView(dbi.buffer, dbi.byteOffset, dbi.byteLength);
  // The DBI age is the one the image's CodeView record (and so the symbol server path) carries.
  const age = view.getUint32(8, true);
  const symRecordStream = view.getUint16(20, true);
  const substreamSizes = [24, 28, 32, 36, 40, 52].map((at) => view.getInt32(at, true));
  const optionalHeaderSize = view.getInt32(48, true);
  if (substreamSizes.some((s) => s < 0) || optionalHeaderSize < 0)
    throw new PdbFormatError('DBI header is damaged');
  const optionalHeaderAt = DBI_HEADER_SIZE + substreamSizes.reduce((a, b) => a + b, 0);
  if (optionalHeaderAt + optionalHeaderSize > dbi.length) throw new PdbFormatError('DBI stream is truncated');

  let sections: PdbSection[] = [];
  if (optionalHeaderSize >= 2 * (DEBUG_HEADER_SECTION_HDR + 1)) {
    const stream = view.getUint16(optionalHeaderAt + 2 * DEBUG_HEADER_SECTION_HDR, true);
    if (stream !== 0xffff) sections = readSections(msf.stream(stream));
  }

  const publics: PublicSymbol[] = [];
  const records = msf.stream(symRecordStream);
  const rv = new DataView(records.buffer, records.byteOffset, records.byteLength);
  for (let at = 0; at + 4 <= records.length;) {
    const length = rv.getUint16(at, true);
    if (length < 2) break;
    const end = at + 2 + length;
    if (end > records.length) break;
    if (rv.getUint16(at + 2, true) === S_PUB32 && length >= 12) {
      const flags = rv.getUint32(at + 4, true);
      const offset = rv.getUint32(at + 8, true);
      const segment = rv.getUint16(at + 12, true);
      const section = sections[segment - 1];
      if (section) {
        publics.push({
          name: cString(records, at + 14, end),
          rva: section.virtualAddress + offset,
          isFunction: (flags & 2) !== 0,
        });
      }
    }
    at = end;
  }
  publics.sort((a, b) => a.rva - b.rva || a.name.localeCompare(b.name));
  return { guid, age, guidAndAge: guid + age.toString(16), sections, publics };
}

function readSections(stream: Uint8Array): PdbSection[] {
  const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  const out: PdbSection[] = [];
  for (let at = 0; at + IMAGE_SECTION_HEADER_SIZE <= stream.length; at += IMAGE_SECTION_HEADER_SIZE) {
    out.push({
      name: cString(stream, at, at + 8),
      virtualSize: view.getUint32(at + 8, true),
      virtualAddress: view.getUint32(at + 12, true),
    });
  }
  return out;
}
