/**
 * Resolves `module!name`, `module!name+off`, `module+off` and bare public names to addresses, and
 * addresses back to `module!name+0x..`, from the modules the debuggee reported (UPDATE_SYMBOL_INFO,
 * protocol reference section 8) and the PDBs found in the symbol path. PDBs are loaded from disk
 * only; `downloadMissing()` fetches absent ones from the configured symbol servers (off unless
 * enabled). Every failure says why the name did not resolve.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ModuleRecord } from '../session/link';
import type { DescribeAddressOptions, SymbolResolution, SymbolResolver } from '../ports/services';
import { readPdb, type Pdb, type PdbTypes, type PublicSymbol } from '../../shared/pdb';
import { parseSymbolPath, type SymbolPath } from './symbol-path';

export interface SymbolSettings {
  /** HyperDbg-style symbol path: plain directories and srv-star-cache-star-server entries, ";"-separated. */
  readonly symbolPath: string;
  /** Allow `downloadMissing()` to contact the symbol servers (default false). */
  readonly allowDownload: boolean;
}

export type ModuleSymbolState =
  'loaded' | 'unloaded' | 'no-pdb-identity' | 'pdb-not-found' | 'pdb-mismatch' | 'pdb-damaged';

export interface ModuleSymbols {
  /** Name used in expressions: PDB base name, `nt` for the kernel. */
  readonly name: string;
  readonly record: ModuleRecord;
  readonly pdbFileName: string;
  readonly state: ModuleSymbolState;
  /** Why the module has no symbols (for the user), when state ≠ loaded. */
  readonly problem?: string;
  readonly pdbPath?: string;
  readonly publicCount: number;
}

interface LoadedModule extends ModuleSymbols {
  readonly pdb?: Pdb;
  readonly byName?: Map<string, PublicSymbol>;
  /** Image extent known from the PDB's section headers. */
  readonly imageEnd?: bigint;
}

/** Larger than any driver or DLL image (ntoskrnl is ~16 MB): bounds `module+0x..` without a PDB. */
const MAX_IMAGE_SIZE = 0x1000_0000n;

const KERNEL_PDBS = new Set(['ntkrnlmp', 'ntoskrnl', 'ntkrpamp', 'ntkrnlpa']);

const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;
const stem = (p: string) => baseName(p).replace(/\.[^.]*$/, '');

/** `module+off` / `name+off`: offsets are hex like every HyperDbg number. */
function splitOffset(expression: string): { head: string; offset: bigint } | undefined {
  const match = /^(.*?)(?:\+(?:0x)?([0-9a-f`]+))?$/i.exec(expression.trim());
  if (!match || match[1].length === 0) return undefined;
  return { head: match[1], offset: match[2] ? BigInt('0x' + match[2].replaceAll('`', '')) : 0n };
}

/** A `*`/`?` wildcard (the `x` command's mask) as a whole-string regular expression. */
export function wildcardRegExp(pattern: string, flags = ''): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  return new RegExp(`^${escaped}$`, flags);
}

export class PdbSymbolResolver implements SymbolResolver {
  private modules: LoadedModule[] = [];
  private path: SymbolPath;

  constructor(private settings: SymbolSettings) {
    this.path = parseSymbolPath(settings.symbolPath);
  }

  configure(settings: SymbolSettings): void {
    this.settings = settings;
    this.path = parseSymbolPath(settings.symbolPath);
    this.setModules(this.modules.map((m) => m.record));
  }

  setModules(records: readonly ModuleRecord[]): void {
    // A reload appends to the session's table; the newest record of a base address wins.
    const byBase = new Map<bigint, ModuleRecord>();
    for (const record of records) byBase.set(record.baseAddress, record);
    this.modules = [...byBase.values()].map((record) => this.load(record));
  }

  /** `.sym unload`: forget every loaded PDB (the module table stays; `.sym load` reads them again). */
  unload(): void {
    this.modules = this.modules.map(({ name, record, pdbFileName }) => ({
      name,
      record,
      pdbFileName,
      state: 'unloaded' as const,
      problem: `symbols of ${pdbFileName} were unloaded; use '.sym load' to load them again`,
      publicCount: 0,
    }));
  }

  /** The module records as reported (for `.sym table`). */
  records(): readonly ModuleRecord[] {
    return this.modules.map((m) => m.record);
  }

  get symbolPath(): string {
    return this.settings.symbolPath;
  }

  /** Whether `downloadMissing()` may contact the symbol servers. */
  get allowDownload(): boolean {
    return this.settings.allowDownload;
  }

  /** `x module!mask`: public symbols matching a `*`/`?` wildcard, sorted by address. */
  search(mask: string): { address: bigint; module: string; name: string }[] {
    const bang = mask.indexOf('!');
    const moduleMask = bang >= 0 ? mask.slice(0, bang) : '*';
    const nameMask = bang >= 0 ? mask.slice(bang + 1) : mask;
    const moduleRe = wildcardRegExp(moduleMask, 'i');
    const nameRe = wildcardRegExp(nameMask);
    const out: { address: bigint; module: string; name: string }[] = [];
    for (const module of this.modules) {
      if (!module.pdb || !moduleRe.test(module.name)) continue;
      for (const symbol of module.pdb.publics) {
        if (nameRe.test(symbol.name))
          out.push({
            address: module.record.baseAddress + BigInt(symbol.rva),
            module: module.name,
            name: symbol.name,
          });
      }
    }
    return out.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  }

  /**
   * Console completion: without `!`, the names of reported modules that start with `prefix` (as
   * `name!`); with it, `module!name` for the public symbols of that module that start with the
   * rest. Case-insensitive, sorted, at most `limit` (`truncated` says more matched).
   */
  complete(prefix: string, limit: number): { names: string[]; truncated: boolean } {
    const bang = prefix.indexOf('!');
    const found: string[] = [];
    if (bang < 0) {
      const lower = prefix.toLowerCase();
      for (const module of this.modules) if (module.name.startsWith(lower)) found.push(`${module.name}!`);
    } else {
      const module = this.findModule(prefix.slice(0, bang));
      const rest = prefix.slice(bang + 1).toLowerCase();
      for (const symbol of module?.pdb?.publics ?? []) {
        if (symbol.name.toLowerCase().startsWith(rest)) found.push(`${module!.name}!${symbol.name}`);
      }
    }
    const names = [...new Set(found)].sort((a, b) => a.length - b.length || a.localeCompare(b));
    return { names: names.slice(0, limit), truncated: names.length > limit };
  }

  /** The type information of module `name`'s PDB (`nt` for the kernel), when it is loaded. */
  types(name: string): PdbTypes | undefined {
    return this.findModule(name)?.pdb?.types;
  }

  /** Per-module symbol state for `.sym table`-like views. */
  list(): readonly ModuleSymbols[] {
    return this.modules.map(({ name, record, pdbFileName, state, problem, pdbPath, publicCount }) => ({
      name,
      record,
      pdbFileName,
      state,
      publicCount,
      ...(problem ? { problem } : {}),
      ...(pdbPath ? { pdbPath } : {}),
    }));
  }

  resolveSymbol(expression: string): SymbolResolution {
    const text = expression.trim();
    if (this.modules.length === 0) {
      return {
        ok: false,
        error: `err, couldn't resolve '${text}': the debuggee has not reported any modules yet (they arrive after the handshake or '.sym reload')`,
      };
    }
    const bang = text.indexOf('!');
    if (bang >= 0) {
      const moduleName = text.slice(0, bang);
      const module = this.findModule(moduleName);
      if (!module)
        return { ok: false, error: `err, couldn't resolve '${text}': ${this.unknownModule(moduleName)}` };
      const split = splitOffset(text.slice(bang + 1));
      if (!split) return { ok: false, error: `err, couldn't resolve '${text}': no symbol name after '!'` };
      if (!module.byName) return { ok: false, error: `err, couldn't resolve '${text}': ${module.problem}` };
      const symbol = module.byName.get(split.head);
      if (!symbol) {
        return {
          ok: false,
          error: `err, couldn't resolve '${text}': '${split.head}' is not a public symbol of ${module.pdbFileName}`,
        };
      }
      return {
        ok: true,
        value: BigInt.asUintN(64, module.record.baseAddress + BigInt(symbol.rva) + split.offset),
      };
    }
    const split = splitOffset(text);
    if (!split) return { ok: false, error: `err, couldn't resolve '${text}'` };
    const module = this.findModule(split.head);
    if (module) return { ok: true, value: BigInt.asUintN(64, module.record.baseAddress + split.offset) };
    // A bare name: the kernel first (as HyperDbg users expect), then every module in report order.
    const ordered = [...this.modules].sort((a, b) => Number(b.name === 'nt') - Number(a.name === 'nt'));
    for (const candidate of ordered) {
      const symbol = candidate.byName?.get(split.head);
      if (symbol)
        return {
          ok: true,
          value: BigInt.asUintN(64, candidate.record.baseAddress + BigInt(symbol.rva) + split.offset),
        };
    }
    const withoutSymbols = this.modules.filter((m) => !m.byName).length;
    return {
      ok: false,
      error:
        `err, couldn't resolve '${text}': it is neither a module name nor a public symbol of the ` +
        `${this.modules.length - withoutSymbols} modules with symbols` +
        (withoutSymbols > 0 ? ` (${withoutSymbols} modules have no PDB loaded; see the symbol table)` : ''),
    };
  }

  describeAddress(address: bigint, options: DescribeAddressOptions = {}): string | undefined {
    let best: LoadedModule | undefined;
    let next: bigint | undefined;
    for (const module of this.modules) {
      const base = module.record.baseAddress;
      if (base <= address && (!best || base > best.record.baseAddress)) best = module;
      if (base > address && (next === undefined || base < next)) next = base;
    }
    if (!best) return undefined;
    if (!best.pdb || best.imageEnd === undefined) {
      if (!options.moduleOffsetWithoutPdb) return undefined;
      // No PDB, so no image size: the module still owns the address up to the next module's
      // base (WinDbg's `module+0x..` for a module without symbols), within a bound no image reaches.
      const offset = address - best.record.baseAddress;
      if (next === undefined || offset >= MAX_IMAGE_SIZE) return undefined;
      return `${best.name}+0x${offset.toString(16)}`;
    }
    if (address >= best.imageEnd) return undefined;
    const rva = Number(address - best.record.baseAddress);
    const publics = best.pdb.publics;
    let lo = 0;
    let hi = publics.length - 1;
    let found: PublicSymbol | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (publics[mid].rva <= rva) {
        found = publics[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (!found) return `${best.name}+0x${rva.toString(16)}`;
    const delta = rva - found.rva;
    return `${best.name}!${found.name}${delta ? '+0x' + delta.toString(16) : ''}`;
  }

  /**
   * `.sym download`: fetches every missing PDB from the symbol servers into the first cache
   * directory, then reloads. Refuses when downloading is not enabled.
   */
  async downloadMissing(fetchImpl: typeof fetch = fetch): Promise<string[]> {
    if (!this.settings.allowDownload) {
      throw new Error(
        'symbol download is disabled; enable it in the symbol settings (it contacts the configured symbol servers)',
      );
    }
    const cache = this.path.caches[0];
    if (!cache)
      throw new Error("the symbol path names no cache directory, e.g. 'srv*/path/to/cache*https://server'");
    if (this.path.servers.length === 0) throw new Error('the symbol path names no symbol server');
    const report: string[] = [];
    for (const module of this.modules) {
      if (module.state !== 'pdb-not-found') continue;
      const relative = `${module.pdbFileName}/${module.record.guidAndAge}/${module.pdbFileName}`;
      let saved = false;
      for (const server of this.path.servers) {
        const response = await fetchImpl(`${server}/${relative}`);
        if (!response.ok) continue;
        const target = path.join(cache, module.pdbFileName, module.record.guidAndAge, module.pdbFileName);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, new Uint8Array(await response.arrayBuffer()));
        report.push(`downloaded ${module.pdbFileName} from ${server}`);
        saved = true;
        break;
      }
      if (!saved)
        report.push(
          `err, ${module.pdbFileName} (${module.record.guidAndAge}) is on none of the symbol servers`,
        );
    }
    this.setModules(this.modules.map((m) => m.record));
    return report;
  }

  private findModule(name: string): LoadedModule | undefined {
    const lower = name.toLowerCase();
    return (
      this.modules.find((m) => m.name === lower) ??
      this.modules.find((m) => stem(m.record.filePath).toLowerCase() === lower)
    );
  }

  private unknownModule(name: string): string {
    return `no module named '${name}' among the ${this.modules.length} modules the debuggee reported`;
  }

  private candidates(record: ModuleRecord, pdbFileName: string): string[] {
    const out: string[] = [];
    if (record.isLocalSymbolPath) out.push(record.pdbName);
    for (const cache of this.path.caches)
      out.push(path.join(cache, pdbFileName, record.guidAndAge, pdbFileName));
    for (const dir of this.path.directories) out.push(path.join(dir, pdbFileName));
    return out;
  }

  private load(record: ModuleRecord): LoadedModule {
    const pdbFileName = baseName(record.pdbName || record.filePath);
    const pdbStem = stem(pdbFileName).toLowerCase();
    const name = KERNEL_PDBS.has(pdbStem) ? 'nt' : pdbStem || stem(record.filePath).toLowerCase();
    const base = { name, record, pdbFileName, publicCount: 0 };
    if (!record.isSymbolDetailsFound || !record.pdbName) {
      return {
        ...base,
        state: 'no-pdb-identity',
        problem: `module ${baseName(record.filePath)} has no CodeView (RSDS) record, so its PDB cannot be identified`,
      };
    }
    const searched = this.candidates(record, pdbFileName);
    let mismatch: string | undefined;
    for (const candidate of searched) {
      if (!existsSync(candidate)) continue;
      let pdb: Pdb;
      try {
        pdb = readPdb(new Uint8Array(readFileSync(candidate)), candidate);
      } catch (error) {
        return {
          ...base,
          state: 'pdb-damaged',
          pdbPath: candidate,
          // readPdb's messages start with the file name
          problem: `cannot read ${error instanceof Error ? error.message : `${candidate}: ${String(error)}`}`,
        };
      }
      if (pdb.guidAndAge.toLowerCase() !== record.guidAndAge.toLowerCase()) {
        mismatch = `${candidate} belongs to another build (${pdb.guidAndAge}, the module needs ${record.guidAndAge})`;
        continue;
      }
      const end = pdb.sections.reduce((max, s) => Math.max(max, s.virtualAddress + s.virtualSize), 0);
      return {
        ...base,
        state: 'loaded',
        pdbPath: candidate,
        pdb,
        byName: new Map(pdb.publics.map((p) => [p.name, p])),
        imageEnd: record.baseAddress + BigInt(end),
        publicCount: pdb.publics.length,
      };
    }
    if (mismatch) return { ...base, state: 'pdb-mismatch', problem: mismatch };
    const where =
      this.path.caches.length + this.path.directories.length > 0
        ? `the symbol path (${this.settings.symbolPath})`
        : 'the symbol path, which is empty';
    return {
      ...base,
      state: 'pdb-not-found',
      problem:
        `${pdbFileName} (${record.guidAndAge}) for ${baseName(record.filePath)} is not in ${where}` +
        (this.settings.allowDownload ? "; use '.sym download' to fetch it" : '; symbol download is disabled'),
    };
  }
}
