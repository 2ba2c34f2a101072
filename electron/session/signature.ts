import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { BUILD_SIGNATURE_PATTERN } from '../../shared/protocol/build-signature';

/**
 * Finds HyperDbg build signatures (`A.B.C-YYYYMMDD.HHMM` followed by NUL, protocol reference
 * 3.3) in the binaries of a HyperDbg folder. Every candidate is reported with where it was found:
 * the string is a per-translation-unit constant, so odd builds can hold more than one.
 */
export interface SignatureMatch {
  readonly signature: string;
  readonly file: string;
  readonly offset: number;
}

const SIGNATURE_BYTES = new RegExp(`${BUILD_SIGNATURE_PATTERN.source.slice(1, -1)}\\0`, 'g');
const BINARY_EXTENSIONS = new Set(['.dll', '.exe', '.sys', '.so', '']);
const MAX_FILE_BYTES = 64 * 1024 * 1024;
const MAX_DEPTH = 3;

export async function detectSignatures(folder: string): Promise<SignatureMatch[]> {
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new Error(
      `err, ${folder} is not a folder; point to the debuggee's HyperDbg folder (the one with libhyperdbg.dll)`,
    );
  }
  const found: SignatureMatch[] = [];
  await scan(folder, 0, found);
  return found;
}

async function scan(folder: string, depth: number, found: SignatureMatch[]): Promise<void> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (depth < MAX_DEPTH) await scan(full, depth + 1, found);
      continue;
    }
    if (!entry.isFile() || !BINARY_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) continue;
    const size = (await stat(full).catch(() => undefined))?.size ?? 0;
    if (size === 0 || size > MAX_FILE_BYTES) continue;
    const text = (await readFile(full)).toString('latin1');
    for (const match of text.matchAll(SIGNATURE_BYTES)) {
      found.push({ signature: match[0].slice(0, -1), file: full, offset: match.index });
    }
  }
}
