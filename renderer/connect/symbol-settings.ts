// The Settings' symbol fields as the Connect pane edits them: the path text as stored, and the
// symbol servers that enabling download would contact (shown next to the opt-in checkbox).

/** The stored form of the typed path: trimmed, and null when empty (no symbol path). */
export function symbolPathSetting(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * The http(s) servers named by `srv*CACHE*SERVER` (or `srv*SERVER`) entries of a HyperDbg symbol
 * path, in order and without duplicates: the hosts `.sym download` would fetch PDBs from.
 */
export function symbolServers(text: string): string[] {
  const servers: string[] = [];
  for (const entry of text.split(';')) {
    const parts = entry.trim().split('*');
    const kind = parts[0].toLowerCase();
    if (kind !== 'srv' && kind !== 'symsrv') continue;
    for (const part of parts.slice(1)) {
      const server = part.trim();
      if (/^https?:\/\//i.test(server) && !servers.includes(server)) servers.push(server);
    }
  }
  return servers;
}
