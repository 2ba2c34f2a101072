// SHIM until the session core offers signature detection: finds HyperDbg build signatures
// (`A.B.C-YYYYMMDD.HHMM`) in the binaries of an installation folder and its direct subfolders.
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import type { SignatureCandidate } from '../../shared/ipc';

const SIGNATURE = /\b\d+\.\d+\.\d+-\d{8}\.\d{4}\b/g;
const BINARY_EXTENSIONS = new Set(['.exe', '.dll', '.sys', '.so', '']);
const MAX_FILE_BYTES = 64 * 1024 * 1024;

async function binariesIn(folder: string, depth: number): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory() && depth > 0) files.push(...(await binariesIn(path, depth - 1)));
    else if (entry.isFile() && BINARY_EXTENSIONS.has(extname(entry.name).toLowerCase())) files.push(path);
  }
  return files;
}

/** Every distinct signature found, with the first file that contains it. */
export async function scanForSignatures(folder: string): Promise<SignatureCandidate[]> {
  let info;
  try {
    info = await stat(folder);
  } catch {
    throw new Error(`err, the folder '${folder}' does not exist; point to HyperDbg's build folder (the one with hyperdbg-cli.exe)`);
  }
  if (!info.isDirectory()) throw new Error(`err, '${folder}' is not a folder`);
  const found = new Map<string, string>();
  for (const file of await binariesIn(folder, 1)) {
    if ((await stat(file)).size > MAX_FILE_BYTES) continue;
    const text = (await readFile(file)).toString('latin1');
    for (const match of text.matchAll(SIGNATURE)) {
      if (!found.has(match[0])) found.set(match[0], relative(folder, file));
    }
  }
  return [...found].map(([signature, file]) => ({ signature, file }));
}
