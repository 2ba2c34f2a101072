/**
 * HyperDbg/WinDbg-style symbol path: entries separated by ';', each either a plain directory or
 * `srv*CACHE*SERVER` (also `srv*SERVER`, then no cache is named). Example:
 * `srv*C:\Symbols*https://msdl.microsoft.com/download/symbols`.
 */
export interface SymbolPath {
  /** Directories searched as `<dir>/<pdb>/<guidage>/<pdb>` (and downloads go to the first). */
  readonly caches: readonly string[];
  /** Directories searched as `<dir>/<pdb>` as well. */
  readonly directories: readonly string[];
  /** Symbol servers (http/https). */
  readonly servers: readonly string[];
}

export function parseSymbolPath(text: string): SymbolPath {
  const caches: string[] = [];
  const directories: string[] = [];
  const servers: string[] = [];
  for (const entry of text
    .split(';')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const parts = entry.split('*');
    if (parts[0].toLowerCase() === 'srv' || parts[0].toLowerCase() === 'symsrv') {
      for (const part of parts.slice(1).filter(Boolean)) {
        if (/^https?:\/\//i.test(part)) servers.push(part.replace(/\/+$/, ''));
        else caches.push(part);
      }
    } else {
      directories.push(entry);
      caches.push(entry);
    }
  }
  return { caches, directories, servers };
}
