/**
 * Our own PDB reader (no JavaScript library reads CodeView types). One call reads a whole file:
 *
 *   const pdb = readPdb(bytes, 'ntkrnlmp.pdb');
 *   pdb.guidAndAge                                // matches a module record's ModuleSymbolGuidAndAge
 *   pdb.publics                                   // S_PUB32 names with RVAs, sorted by RVA
 *   pdb.types.offsetOf('_EPROCESS', 'ActiveProcessLinks').offset
 *   pdb.types.layout('_EPROCESS').fields          // name, offset, C type, bit position/width
 *
 * Layers: msf.ts (the MSF 7.00 container), publics.ts (PDB info + DBI: identity, sections,
 * publics), tpi.ts (type records), types.ts (layouts, C spellings). Every damage in the file
 * throws a PdbFormatError whose message starts with the file name.
 */
import { MsfFile, PdbFormatError } from './msf';
import { readPublics, type PdbPublics } from './publics';
import { TPI_STREAM, TypeStream } from './tpi';
import { PdbTypes } from './types';

export { PdbFormatError } from './msf';
export type { PdbPublics, PublicSymbol } from './publics';
export { PdbTypes, type StructField, type TypeInfo } from './types';

export interface Pdb extends PdbPublics {
  readonly fileName: string;
  readonly types: PdbTypes;
}

export function readPdb(bytes: Uint8Array, fileName: string): Pdb {
  try {
    const msf = new MsfFile(bytes);
    const publics = readPublics(msf);
    const types = new PdbTypes(new TypeStream(msf.stream(TPI_STREAM)), fileName);
    return { ...publics, fileName, types };
  } catch (error) {
    if (error instanceof PdbFormatError) throw new PdbFormatError(`${fileName}: ${error.message}`);
    if (error instanceof RangeError) throw new PdbFormatError(`${fileName}: damaged (${error.message})`);
    throw error;
  }
}
