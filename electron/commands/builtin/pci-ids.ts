/**
 * Vendor and device names for `!pcitree`/`!pcicam` from a pci.ids database, as HyperDbg looks
 * them up in the `constants\pci.ids` it ships. HyperDbg Studio does not ship the database: it uses
 * the file named by HDS_PCI_IDS or the system's copy (pciutils/hwdata); without one every name is
 * "N/A", which is also what HyperDbg prints when its file is missing.
 */
import { readFileSync } from 'node:fs';

const CANDIDATES = ['/usr/share/misc/pci.ids', '/usr/share/hwdata/pci.ids', '/usr/share/pci.ids'];
/** PCI_NAME_STR_LENGTH: HyperDbg keeps at most 255 characters of a name. */
const NAME_LENGTH = 255;

export interface PciNames {
  readonly vendor: string;
  readonly device: string;
}

let database: string | null | undefined;

function loadDatabase(): string | null {
  if (database !== undefined) return database;
  database = null;
  for (const file of [process.env.HDS_PCI_IDS, ...CANDIDATES]) {
    if (!file) continue;
    try {
      database = readFileSync(file, 'utf8');
      break;
    } catch {
      // try the next location
    }
  }
  return database;
}

/** The names of vendor:device, "N/A" for what the database does not list (or when there is none). */
export function pciNames(vendorId: number, deviceId: number): PciNames {
  const text = loadDatabase();
  const names = { vendor: 'N/A', device: 'N/A' };
  if (!text) return names;
  const vendorKey = vendorId.toString(16).padStart(4, '0');
  const deviceKey = deviceId.toString(16).padStart(4, '0');
  let inVendor = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line === '') continue;
    if (!line.startsWith('\t')) {
      if (inVendor) break;
      if (line.startsWith(`${vendorKey} `)) {
        inVendor = true;
        names.vendor = line.slice(4).trim().slice(0, NAME_LENGTH);
      }
      continue;
    }
    if (inVendor && !line.startsWith('\t\t') && line.startsWith(`\t${deviceKey} `)) {
      names.device = line.slice(5).trim().slice(0, NAME_LENGTH);
      break;
    }
  }
  return names;
}
