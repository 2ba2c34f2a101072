/**
 * The identity and the public symbols of a PDB: the GUID (PDB info stream) and age (DBI header),
 * which together name the build a module's CodeView record asks for; the section headers (the
 * DBI optional debug header's section-header stream); and every S_PUB32 record of the symbol
 * record stream, turned into an RVA through those sections.
 */
import { MsfFile, PdbFormatError, StreamReader } from './msf';

const PDB_INFO_STREAM = 1;
const DBI_STREAM = 3;
const DBI_HEADER_SIZE = 64;
/** Index of the section header stream in the DBI optional debug header. */
const DEBUG_HEADER_SECTION_HDR = 5;
const IMAGE_SECTION_HEADER_SIZE = 40;
const S_PUB32 = 0x110e;
const PUBLIC_FUNCTION_FLAG = 2;

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

export interface PdbIdentity {
  /** Lower-case GUID hex (Data1 Data2 Data3, then the Data4 bytes) followed by the age in `%x`: the symbol-store folder name. */
  readonly guidAndAge: string;
  readonly guid: string;
  readonly age: number;
}

export interface PdbPublics extends PdbIdentity {
  readonly sections: readonly PdbSection[];
  /** Sorted by RVA, then name. */
  readonly publics: readonly PublicSymbol[];
}

const hex = (value: number, width: number) => value.toString(16).padStart(width, '0');

export function readIdentity(msf: MsfFile): PdbIdentity {
  const info = new StreamReader(msf.stream(PDB_INFO_STREAM), 'the PDB info stream');
  if (info.length < 28) throw new PdbFormatError('the PDB info stream is missing');
  let guid = hex(info.u32(12), 8) + hex(info.u16(16), 4) + hex(info.u16(18), 4);
  for (let i = 20; i < 28; i++) guid += hex(info.u8(i), 2);
  const dbi = new StreamReader(msf.stream(DBI_STREAM), 'the DBI stream');
  if (dbi.length < DBI_HEADER_SIZE)
    throw new PdbFormatError('the DBI stream is missing (a PDB without debug info)');
  // The DBI age is the one the image's CodeView record (and so the symbol-store path) carries.
  const age = dbi.u32(8);
  return { guid, age, guidAndAge: guid + age.toString(16) };
}

export function readPublics(msf: MsfFile): PdbPublics {
  const identity = readIdentity(msf);
  const dbi = new StreamReader(msf.stream(DBI_STREAM), 'the DBI stream');
  const symRecordStream = dbi.u16(20);
  const substreamSizes = [24, 28, 32, 36, 40, 52].map((at) => dbi.i32(at));
  const optionalHeaderSize = dbi.i32(48);
  if (substreamSizes.some((s) => s < 0) || optionalHeaderSize < 0)
    throw new PdbFormatError('the DBI header is damaged');
  const optionalHeaderAt = DBI_HEADER_SIZE + substreamSizes.reduce((a, b) => a + b, 0);
  if (optionalHeaderAt + optionalHeaderSize > dbi.length)
    throw new PdbFormatError('the DBI stream is truncated');

  let sections: PdbSection[] = [];
  if (optionalHeaderSize >= 2 * (DEBUG_HEADER_SECTION_HDR + 1)) {
    const stream = dbi.u16(optionalHeaderAt + 2 * DEBUG_HEADER_SECTION_HDR);
    if (stream !== 0xffff)
      sections = readSections(new StreamReader(msf.stream(stream), 'the section headers'));
  }

  const publics: PublicSymbol[] = [];
  const records = new StreamReader(msf.stream(symRecordStream), 'the symbol records');
  for (let at = 0; at + 4 <= records.length;) {
    const length = records.u16(at);
    if (length < 2) break;
    const end = at + 2 + length;
    if (end > records.length) break;
    if (records.u16(at + 2) === S_PUB32 && length >= 12) {
      const section = sections[records.u16(at + 12) - 1];
      if (section) {
        publics.push({
          name: records.cString(at + 14, end).text,
          rva: section.virtualAddress + records.u32(at + 8),
          isFunction: (records.u32(at + 4) & PUBLIC_FUNCTION_FLAG) !== 0,
        });
      }
    }
    at = end;
  }
  publics.sort((a, b) => a.rva - b.rva || a.name.localeCompare(b.name));
  return { ...identity, sections, publics };
}

function readSections(stream: StreamReader): PdbSection[] {
  const out: PdbSection[] = [];
  for (let at = 0; at + IMAGE_SECTION_HEADER_SIZE <= stream.length; at += IMAGE_SECTION_HEADER_SIZE) {
    out.push({
      name: stream.cString(at, at + 8).text,
      virtualSize: stream.u32(at + 8),
      virtualAddress: stream.u32(at + 12),
    });
  }
  return out;
}
