import { placeholderFunctionCode } from './placeholder-code';
import { NT_LAYOUT } from './kernel-layout';
import { moduleImage, type ModuleImage } from './module-images';
import { HYPERDBG_CLI_DLL_CATALOG, KERNEL_MODULE_CATALOG, type CatalogModule } from './module-catalog';
import { GPR_NAMES, type CoreRegisters } from './registers';
import type { Rng } from './rng';

/**
 * The simulated debuggee machine: cores with register files, a paged physical memory, a
 * kernel address space with PE images (an `nt`-like kernel at the STARTED packet's kernel base,
 * HyperDbg's drivers), per-process user address spaces, processes and threads, and kernel
 * stacks holding real return addresses. Everything outside the mapped regions is a hole
 * (translation fails), so invalid-address paths are real.
 */

export { NT_LAYOUT } from './kernel-layout';

export const PAGE_SIZE = 0x1000n;
const PAGE_MASK = PAGE_SIZE - 1n;

export interface FunctionSymbol {
  name: string;
  address: bigint;
}

export interface LoadedModule {
  /** file name, e.g. ntoskrnl.exe */
  name: string;
  filePath: string;
  pdbName: string;
  guidAndAge: string;
  base: bigint;
  size: number;
  /** AddressOfEntryPoint */
  entryRva: bigint;
  isUserMode: boolean;
  /** owning process for user-mode modules */
  pid?: number;
  functions: FunctionSymbol[];
}

export interface SimThread {
  tid: number;
  ethread: bigint;
}

export interface SimProcess {
  pid: number;
  name: string;
  eprocess: bigint;
  cr3: bigint;
  threads: SimThread[];
}

export interface CoreState {
  regs: CoreRegisters;
  pid: number;
  tid: number;
  /** top of the kernel stack the core's frames are built on */
  kernelStackTop: bigint;
  /** top of the user stack it runs on in user mode */
  userStackTop: bigint;
}

interface Region {
  start: bigint;
  size: bigint;
  physicalBase: bigint;
  /** undefined: kernel (visible in every process) */
  pid?: number;
  executable: boolean;
}

export interface MachineOptions {
  cores: number;
  kernelBase: bigint;
}

export const DEBUGGEE_HYPERDBG_PID = 0x1f34;

/** AddressOfEntryPoint of the simulated images that have no PE of their own (the user-mode ones) */
export const ENTRY_POINT_RVA = 0x1010n;
export const SYSTEM_PID = 4;
const STACK_SIZE = 0x8000n;

const USER_FUNCTIONS = ['main', 'HyperDbgInterpreter', 'ListeningSerialPortInDebuggee'];

export class Machine {
  readonly cores: CoreState[];
  readonly modules: LoadedModule[] = [];
  readonly processes: SimProcess[] = [];
  private readonly regions: Region[] = [];
  private lastRegion: Region | undefined;
  private readonly physical = new Map<bigint, Uint8Array>();
  private nextPhysical = 0x2000000n;
  private kernelFunctionCache: FunctionSymbol[] | undefined;

  constructor(
    readonly options: MachineOptions,
    rng: Rng,
  ) {
    this.createProcesses(rng);
    this.mapImage('ntoskrnl.exe', '\\SystemRoot\\system32\\ntoskrnl.exe', options.kernelBase, 0x200000);
    this.mapImage('hal.dll', '\\SystemRoot\\system32\\hal.dll', options.kernelBase + 0x1000000n, 0x40000);
    const hyperkd = this.mapImage('hyperkd.sys', 'C:\\HyperDbg\\hyperkd.sys', 0xfffff80170a00000n, 0x40000);
    this.mapImage('hyperhv.sys', 'C:\\HyperDbg\\hyperhv.sys', 0xfffff80170b00000n, 0x40000);
    this.mapModule(
      'hyperdbg-cli.exe',
      'C:\\HyperDbg\\hyperdbg-cli.exe',
      'hyperdbg-cli.pdb',
      0x7ff6a1200000n,
      0x20000,
      USER_FUNCTIONS,
      rng,
      DEBUGGEE_HYPERDBG_PID,
    );
    const ntdll = this.mapImage(
      'ntdll.dll',
      'C:\\Windows\\SYSTEM32\\ntdll.dll',
      0x7ffc3d5a0000n,
      0x40000,
      DEBUGGEE_HYPERDBG_PID,
    );
    // ntdll is one image mapped into every user process
    this.shareRegion(
      ntdll.base,
      this.processes.filter((p) => p.pid !== SYSTEM_PID && p.pid !== DEBUGGEE_HYPERDBG_PID),
    );
    this.mapCatalog(rng);
    // A kernel data region (pool) that monitors and memory edits can use, followed by a hole.
    this.mapRegion(0xffffc58a00000000n, 0x100000n, false);
    this.layOutProcessObjects();

    const listener = this.processes.find((p) => p.pid === DEBUGGEE_HYPERDBG_PID) as SimProcess;
    const dispatch = hyperkd.functions[1];
    this.cores = Array.from({ length: options.cores }, (_, core) => {
      const kernelStackTop = 0xffffd08a1b800000n + BigInt(core) * 0x100000n;
      this.mapRegion(kernelStackTop - STACK_SIZE, STACK_SIZE, false);
      // user stacks live in user space; one per core is visible in every process
      const userStackTop = 0x000000c0a1000000n + BigInt(core) * 0x100000n;
      this.mapRegion(userStackTop - STACK_SIZE, STACK_SIZE, false);
      const thread = listener.threads[core % listener.threads.length];
      return {
        pid: listener.pid,
        tid: thread.tid,
        kernelStackTop,
        userStackTop,
        regs: this.initialRegisters(core, kernelStackTop, dispatch.address, listener.cr3, rng),
      };
    });
  }

  // ---- address translation and memory ---------------------------------------------------------

  /** Virtual → physical in the address space of `pid` (kernel regions are shared). */
  translate(va: bigint, pid: number): bigint | undefined {
    const region = this.regionOf(va, pid);
    return region ? region.physicalBase + (va - region.start) : undefined;
  }

  /** Physical → virtual: the first mapping of that physical address, searched kernel first. */
  physicalToVirtual(pa: bigint): bigint | undefined {
    for (const region of this.regions) {
      if (pa >= region.physicalBase && pa < region.physicalBase + region.size)
        return region.start + (pa - region.physicalBase);
    }
    return undefined;
  }

  isValidPhysical(pa: bigint): boolean {
    return pa < this.nextPhysical;
  }

  isExecutable(va: bigint, pid: number): boolean {
    return this.regionOf(va, pid)?.executable ?? false;
  }

  /** Reads up to `length` bytes; stops at the first unmapped page (returns what was readable). */
  readVirtual(va: bigint, length: number, pid: number): Uint8Array {
    // one region lookup per physical page (or region end), not per byte
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const at = va + BigInt(done);
      const region = this.regionOf(at, pid);
      if (!region) break;
      const pa = region.physicalBase + (at - region.start);
      const untilPage = PAGE_SIZE - (pa & PAGE_MASK);
      const untilRegionEnd = region.start + region.size - at;
      const chunk = Number(BigInt(length - done) < untilPage ? BigInt(length - done) : untilPage);
      const take = Number(BigInt(chunk) < untilRegionEnd ? BigInt(chunk) : untilRegionEnd);
      const page = this.physical.get(pa & ~PAGE_MASK);
      const offset = Number(pa & PAGE_MASK);
      if (page) out.set(page.subarray(offset, offset + take), done);
      done += take;
    }
    return out.subarray(0, done);
  }

  readPhysical(pa: bigint, length: number): Uint8Array | undefined {
    if (!this.isValidPhysical(pa + BigInt(Math.max(length, 1)) - 1n)) return undefined;
    return Uint8Array.from({ length }, (_, i) => this.readPhysicalByte(pa + BigInt(i)));
  }

  /** Writes all bytes or nothing; false when any byte is unmapped. */
  writeVirtual(va: bigint, data: Uint8Array, pid: number): boolean {
    const pieces: [bigint, number, number][] = [];
    let done = 0;
    while (done < data.length) {
      const at = va + BigInt(done);
      const region = this.regionOf(at, pid);
      if (!region) return false;
      const pa = region.physicalBase + (at - region.start);
      const inPage = Number(PAGE_SIZE - (pa & PAGE_MASK));
      const inRegion = region.start + region.size - at;
      const count = Math.min(
        data.length - done,
        inPage,
        inRegion < BigInt(inPage) ? Number(inRegion) : inPage,
      );
      pieces.push([pa, done, count]);
      done += count;
    }
    for (const [pa, from, count] of pieces) {
      const pageAddress = pa & ~PAGE_MASK;
      let page = this.physical.get(pageAddress);
      if (!page) {
        page = new Uint8Array(Number(PAGE_SIZE));
        this.physical.set(pageAddress, page);
      }
      page.set(data.subarray(from, from + count), Number(pa & PAGE_MASK));
    }
    return true;
  }

  writePhysical(pa: bigint, data: Uint8Array): boolean {
    if (!this.isValidPhysical(pa + BigInt(data.length) - 1n)) return false;
    data.forEach((b, i) => this.writePhysicalByte(pa + BigInt(i), b));
    return true;
  }

  readU64(va: bigint, pid: number): bigint | undefined {
    const bytes = this.readVirtual(va, 8, pid);
    if (bytes.length < 8) return undefined;
    return new DataView(bytes.buffer).getBigUint64(0, true);
  }

  // ---- lookups -------------------------------------------------------------------------------

  processById(pid: number): SimProcess | undefined {
    return this.processes.find((p) => p.pid === pid);
  }

  processByEprocess(eprocess: bigint): SimProcess | undefined {
    return this.processes.find((p) => p.eprocess === eprocess);
  }

  threadById(tid: number): { process: SimProcess; thread: SimThread } | undefined {
    for (const process of this.processes) {
      const thread = process.threads.find((t) => t.tid === tid);
      if (thread) return { process, thread };
    }
    return undefined;
  }

  threadByEthread(ethread: bigint): { process: SimProcess; thread: SimThread } | undefined {
    for (const process of this.processes) {
      const thread = process.threads.find((t) => t.ethread === ethread);
      if (thread) return { process, thread };
    }
    return undefined;
  }

  /** Functions of every kernel module (the hot code the workload executes). */
  kernelFunctions(): readonly FunctionSymbol[] {
    this.kernelFunctionCache ??= this.modules.filter((m) => !m.isUserMode).flatMap((m) => m.functions);
    return this.kernelFunctionCache;
  }

  /** Modules as the debuggee's user mode lists them: user modules of `pid` first, then kernel modules. */
  symbolModules(pid: number): LoadedModule[] {
    return [
      ...this.modules.filter((m) => m.isUserMode && m.pid === pid),
      ...this.modules.filter((m) => !m.isUserMode),
    ];
  }

  // ---- construction ----------------------------------------------------------------------------

  private regionOf(va: bigint, pid: number): Region | undefined {
    const holds = (r: Region) =>
      va >= r.start && va < r.start + r.size && (r.pid === undefined || r.pid === pid);
    // regions never overlap within one address space, so the last one found is checked first
    if (this.lastRegion && holds(this.lastRegion)) return this.lastRegion;
    const region = this.regions.find(holds);
    if (region) this.lastRegion = region;
    return region;
  }

  private readPhysicalByte(pa: bigint): number {
    return this.physical.get(pa & ~PAGE_MASK)?.[Number(pa & PAGE_MASK)] ?? 0;
  }

  private writePhysicalByte(pa: bigint, value: number): void {
    const page = pa & ~PAGE_MASK;
    let bytes = this.physical.get(page);
    if (!bytes) {
      bytes = new Uint8Array(Number(PAGE_SIZE));
      this.physical.set(page, bytes);
    }
    bytes[Number(pa & PAGE_MASK)] = value;
  }

  /** The other drivers and DLLs of the VM (headers only), packed after the modelled ones. */
  private mapCatalog(rng: Rng): void {
    const pack = (catalog: readonly CatalogModule[], start: bigint, pid?: number) => {
      let next = start;
      for (const m of catalog) {
        const pdb = m.name.replace(/\.[^.]*$/, '').toLowerCase() + '.pdb';
        this.mapModule(m.name, m.filePath, pdb, next, m.size, [], rng, pid);
        next += ((BigInt(m.size) + 0xffffn) & ~0xffffn) + 0x10000n;
      }
    };
    pack(KERNEL_MODULE_CATALOG, 0xfffff80166000000n);
    pack(HYPERDBG_CLI_DLL_CATALOG, 0x7ffc3b000000n, DEBUGGEE_HYPERDBG_PID);
  }

  /** Maps a kernel data region (visible in every process). */
  mapKernelData(start: bigint, size: bigint): void {
    this.mapRegion(start, size, false);
  }

  /** Maps the user region starting at `start` into `processes` too, backed by the same physical pages. */
  private shareRegion(start: bigint, processes: readonly SimProcess[]): void {
    const region = this.regions.find((r) => r.start === start);
    if (!region) return;
    for (const p of processes) this.regions.push({ ...region, pid: p.pid });
  }

  private mapRegion(start: bigint, size: bigint, executable: boolean, pid?: number): Region {
    // every region starts on its own 2 MB physical boundary so EPT split costs are per region
    const region: Region = { start, size, physicalBase: this.nextPhysical, pid, executable };
    this.nextPhysical += ((size + 0x1fffffn) >> 21n) << 21n;
    this.regions.push(region);
    return region;
  }

  private mapModule(
    name: string,
    filePath: string,
    pdbName: string,
    base: bigint,
    size: number,
    functionNames: readonly string[],
    rng: Rng,
    pid?: number,
  ): LoadedModule {
    this.mapRegion(base, BigInt(size), true, pid);
    const textStart = base + 0x1000n;
    const functions = functionNames.map((fn, i) => ({
      name: fn,
      address: textStart + BigInt(i * 0x200 + 0x10),
    }));
    const write = (va: bigint, bytes: Uint8Array) => this.writeVirtual(va, bytes, pid ?? SYSTEM_PID);
    write(base, buildPeHeaders(base, size, pid === undefined));
    write(textStart, new Uint8Array(0x200 * functionNames.length).fill(0xcc));
    functions.forEach((fn, i) => write(fn.address, placeholderFunctionCode(functions, i)));
    const guid = Array.from({ length: 16 }, () => rng.nextByte());
    const hex = (bytes: number[]) => bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
    const module: LoadedModule = {
      name,
      filePath,
      pdbName,
      guidAndAge: `${hex(guid)}${(rng.nextByte() % 3) + 1}`,
      base,
      size,
      entryRva: ENTRY_POINT_RVA,
      isUserMode: pid !== undefined,
      pid,
      functions,
    };
    this.modules.push(module);
    return module;
  }

  /**
   * Maps a module from its committed PE image (simulator/images): headers and sections at `base`,
   * the CodeView GUID/age the PE names, and its functions from the PDB's public symbols. The
   * region is at least `minimumSize` so addresses the rest of the simulator derives from the base
   * stay mapped.
   */
  private mapImage(
    fileName: string,
    filePath: string,
    base: bigint,
    minimumSize: number,
    pid?: number,
  ): LoadedModule {
    const image = moduleImage(fileName);
    const mapped = Math.max(minimumSize, Math.ceil(image.sizeOfImage / 0x1000) * 0x1000);
    this.mapRegion(base, BigInt(mapped), true, pid);
    const write = (va: bigint, bytes: Uint8Array) => this.writeVirtual(va, bytes, pid ?? SYSTEM_PID);
    write(base, image.headers);
    for (const section of image.sections) write(base + BigInt(section.rva), section.bytes);
    const module: LoadedModule = {
      name: fileName,
      filePath,
      pdbName: image.pdbName,
      guidAndAge: image.guidAndAge,
      base,
      size: image.sizeOfImage,
      entryRva: BigInt(image.entryRva),
      isUserMode: pid !== undefined,
      pid,
      functions: imageFunctions(image, base),
    };
    this.modules.push(module);
    return module;
  }

  /**
   * Writes _EPROCESS / _ETHREAD objects, their doubly linked lists and the kernel globals into
   * memory at the offsets the simulated ntoskrnl's PDB gives (kernel-layout.ts), so
   * `.process list`, `.thread list`, `dt` and `dl nt!PsActiveProcessHead` walk them as on a real
   * kernel; and the loaded-module list (nt!PsLoadedModuleList → _KLDR_DATA_TABLE_ENTRY).
   */
  private layOutProcessObjects(): void {
    const first = this.processes[0].eprocess & ~0xfffffn;
    this.mapRegion(first, 0x600000n, false);
    const view = new DataView(new ArrayBuffer(8));
    const put = (va: bigint, size: 1 | 2 | 4 | 8, value: bigint) => {
      view.setBigUint64(0, BigInt.asUintN(64, value), true);
      this.writeVirtual(va, new Uint8Array(view.buffer.slice(0, size)), SYSTEM_PID);
    };
    const u64 = (va: bigint, value: bigint) => put(va, 8, value);
    /** links the LIST_ENTRYs at `entries` (head first) into a circular list */
    const link = (entries: bigint[]) => {
      entries.forEach((entry, i) => {
        u64(entry, entries[(i + 1) % entries.length]); // Flink
        u64(entry + 8n, entries[(i + entries.length - 1) % entries.length]); // Blink
      });
    };
    const L = NT_LAYOUT;
    const nt = this.options.kernelBase;
    const at = (object: bigint, offset: number) => object + BigInt(offset);
    link([
      nt + L.PsActiveProcessHeadRva,
      ...this.processes.map((p) => at(p.eprocess, L.EPROCESS_ActiveProcessLinks)),
    ]);
    u64(nt + L.PsInitialSystemProcessRva, this.processes[0].eprocess);
    put(nt + L.KeNumberProcessorsRva, 4, BigInt(this.options.cores));
    // a fixed boot time (FILETIME of 2025-01-01), processes and threads created a second apart
    const bootTime = 133801632000000000n;
    this.processes.forEach((p, index) => {
      u64(at(p.eprocess, L.EPROCESS_DirectoryTableBase), p.cr3);
      u64(at(p.eprocess, L.EPROCESS_UniqueProcessId), BigInt(p.pid));
      u64(at(p.eprocess, L.EPROCESS_CreateTime), bootTime + BigInt(index) * 10_000_000n);
      put(at(p.eprocess, L.EPROCESS_ActiveThreads), 4, BigInt(p.threads.length));
      const name = new Uint8Array(15);
      name.set(Uint8Array.from(p.name.slice(0, 15), (c) => c.charCodeAt(0)));
      this.writeVirtual(at(p.eprocess, L.EPROCESS_ImageFileName), name, SYSTEM_PID);
      link([
        at(p.eprocess, L.EPROCESS_ThreadListHead),
        ...p.threads.map((t) => at(t.ethread, L.ETHREAD_ThreadListEntry)),
      ]);
      link([
        at(p.eprocess, L.EPROCESS_KernelThreadListHead),
        ...p.threads.map((t) => at(t.ethread, L.ETHREAD_KernelThreadListEntry)),
      ]);
      p.threads.forEach((t, n) => {
        u64(at(t.ethread, L.ETHREAD_Process), p.eprocess);
        put(at(t.ethread, L.ETHREAD_State), 1, 5n); // Waiting
        u64(
          at(t.ethread, L.ETHREAD_CreateTime),
          bootTime + BigInt(index) * 10_000_000n + BigInt(n + 1) * 10_000n,
        );
        u64(at(t.ethread, L.ETHREAD_Cid), BigInt(p.pid));
        u64(at(t.ethread, L.ETHREAD_Cid) + 8n, BigInt(t.tid));
      });
    });
    this.layOutLoadedModuleList(put, link);
  }

  /** One _KLDR_DATA_TABLE_ENTRY per kernel module (names in UTF-16 after it), listed from nt!PsLoadedModuleList. */
  private layOutLoadedModuleList(
    put: (va: bigint, size: 1 | 2 | 4 | 8, value: bigint) => void,
    link: (entries: bigint[]) => void,
  ): void {
    const L = NT_LAYOUT;
    const region = 0xffffc58a00200000n;
    this.mapRegion(region, 0x10000n, false);
    const kernelModules = this.modules.filter((m) => !m.isUserMode);
    const entries = kernelModules.map((_, i) => region + BigInt(i) * 0x400n);
    const unicode = (field: bigint, buffer: bigint, text: string) => {
      const bytes = new Uint8Array(text.length * 2 + 2);
      for (let i = 0; i < text.length; i++) bytes[2 * i] = text.charCodeAt(i);
      this.writeVirtual(buffer, bytes, SYSTEM_PID);
      put(field, 2, BigInt(text.length * 2)); // Length
      put(field + BigInt(L.UNICODE_STRING_MaximumLength), 2, BigInt(text.length * 2 + 2));
      put(field + BigInt(L.UNICODE_STRING_Buffer), 8, buffer);
    };
    kernelModules.forEach((m, i) => {
      const entry = entries[i];
      put(entry + BigInt(L.KLDR_DllBase), 8, m.base);
      put(entry + BigInt(L.KLDR_EntryPoint), 8, m.base + m.entryRva);
      put(entry + BigInt(L.KLDR_SizeOfImage), 4, BigInt(m.size));
      put(entry + BigInt(L.KLDR_LoadCount), 2, 1n);
      const baseName = m.filePath.split('\\').pop() ?? m.name;
      unicode(entry + BigInt(L.KLDR_FullDllName), entry + BigInt(L.KLDR_Size), m.filePath);
      unicode(entry + BigInt(L.KLDR_BaseDllName), entry + BigInt(L.KLDR_Size) + 0x200n, baseName);
    });
    link([
      this.options.kernelBase + L.PsLoadedModuleListRva,
      ...entries.map((e) => e + BigInt(L.KLDR_InLoadOrderLinks)),
    ]);
  }

  private createProcesses(rng: Rng): void {
    const specs: [number, string, number][] = [
      [SYSTEM_PID, 'System', 6],
      [0x2f8, 'smss.exe', 2],
      [0x3b4, 'csrss.exe', 9],
      [0x6a0, 'explorer.exe', 14],
      [DEBUGGEE_HYPERDBG_PID, 'hyperdbg-cli.exe', 4],
    ];
    let eprocess = 0xffffc58a0f2c1040n;
    let tid = 0x100;
    for (const [pid, name, threadCount] of specs) {
      const threads = Array.from({ length: threadCount }, (_, i) => {
        tid += 4 * (1 + (rng.nextByte() % 8));
        return { tid, ethread: eprocess + 0x80000n + BigInt(i) * 0x1000n };
      });
      this.processes.push({
        pid,
        name,
        eprocess,
        cr3: 0x1aa000n + BigInt(this.processes.length) * 0x1000n,
        threads,
      });
      eprocess += 0x100000n;
    }
  }

  private initialRegisters(core: number, rsp: bigint, rip: bigint, cr3: bigint, rng: Rng): CoreRegisters {
    const gpr = Object.fromEntries(
      GPR_NAMES.map((n) => [n, BigInt(rng.nextByte()) * 0x1000n + BigInt(core)]),
    ) as CoreRegisters['gpr'];
    gpr.rsp = rsp;
    gpr.rbp = rsp;
    return {
      gpr,
      rip,
      // IF, ZF, PF and the always-one bit; AC is never set in kernel mode
      rflags: 0x246n,
      cs: 0x10,
      ds: 0x2b,
      es: 0x2b,
      fs: 0x53,
      gs: 0x2b,
      ss: 0x18,
      cr0: 0x80050033n,
      cr2: 0n,
      cr3,
      cr4: 0x350ef8n,
      cr8: 0n,
      dr: [0n, 0n, 0n, 0n, 0xffff0ff0n, 0x400n],
      idtr: 0xfffff8016c291000n + BigInt(core) * 0x10000n,
      gdtr: 0xfffff8016c28f000n + BigInt(core) * 0x10000n,
      ldtr: 0,
      tr: 0x40,
    };
  }
}

/** A minimal but well-formed PE32+ header: DOS stub header, NT headers, one .text section. */
function buildPeHeaders(base: bigint, size: number, isDriver: boolean): Uint8Array {
  const h = new Uint8Array(0x400);
  const v = new DataView(h.buffer);
  const ntOffset = 0xf8;
  h.set([0x4d, 0x5a], 0); // "MZ"
  v.setUint32(0x3c, ntOffset, true);
  h.set([0x50, 0x45, 0, 0], ntOffset); // "PE\0\0"
  const coff = ntOffset + 4;
  v.setUint16(coff, 0x8664, true); // AMD64
  v.setUint16(coff + 2, 1, true); // sections
  v.setUint32(coff + 4, 0x5f3e9b12, true); // TimeDateStamp
  v.setUint16(coff + 16, 0xf0, true); // SizeOfOptionalHeader
  v.setUint16(coff + 18, 0x22, true); // executable, large-address aware
  const opt = coff + 20;
  v.setUint16(opt, 0x20b, true); // PE32+
  v.setUint32(opt + 16, Number(ENTRY_POINT_RVA), true); // AddressOfEntryPoint
  v.setUint32(opt + 20, 0x1000, true); // BaseOfCode
  v.setBigUint64(opt + 24, base, true); // ImageBase
  v.setUint32(opt + 32, 0x1000, true); // SectionAlignment
  v.setUint32(opt + 36, 0x200, true); // FileAlignment
  v.setUint16(opt + 40, 10, true); // OS major
  v.setUint32(opt + 56, size, true); // SizeOfImage
  v.setUint32(opt + 60, 0x400, true); // SizeOfHeaders
  v.setUint16(opt + 68, isDriver ? 1 : 3, true); // Subsystem: native / console
  v.setUint32(opt + 108, 16, true); // NumberOfRvaAndSizes
  const section = opt + 0xf0;
  h.set([0x2e, 0x74, 0x65, 0x78, 0x74], section); // ".text"
  v.setUint32(section + 8, size - 0x1000, true); // VirtualSize
  v.setUint32(section + 12, 0x1000, true); // VirtualAddress
  v.setUint32(section + 36, 0x60000020, true); // code, execute, read
  return h;
}

/** The image's functions: its PDB's public symbols flagged as functions, in address order. */
function imageFunctions(image: ModuleImage, base: bigint): FunctionSymbol[] {
  return image.pdb.publics
    .filter((p) => p.isFunction)
    .map((p) => ({ name: p.name, address: base + BigInt(p.rva) }));
}
