/** What the machine-query commands print against the simulated debuggee (its IDT, APICs, CPU, memory). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSimCommandSession, type SimCommandSession } from './support/sim-command-session';

const KERNEL_BASE = 0xfffff80163a00000n;
let sim: SimCommandSession;
beforeAll(async () => {
  sim = await openSimCommandSession();
}, 30_000);
afterAll(() => sim.close());

describe('machine-query commands against the simulator', () => {
  it('!idt lists 256 handlers, !idt N one of them', async () => {
    const all = await sim.run('!idt');
    const lines = all.output.split('\n');
    expect(lines.slice(0, 2)).toEqual(['IDT Entries:', '']);
    expect(lines.filter((l) => l.startsWith('IDT['))).toHaveLength(256);
    const handler = KERNEL_BASE + 0x20a000n + 0x1dn * 0x40n;
    const text = handler.toString(16);
    const one = await sim.run('!idt 1d');
    expect(one).toEqual({ ok: true, output: `IDT[0x1d:29] : ${text.slice(0, 8)}\`${text.slice(8)}\t\n` });
    expect(lines).toContain(`IDT[0x1d:29]\t: ${text.slice(0, 8)}\`${text.slice(8)}\t`);
  });

  it('!apic shows the operating core’s local APIC', async () => {
    const { ok, output } = await sim.run('!apic');
    expect(ok).toBe(true);
    expect(output).toBe(
      "***  (X2APIC Mode) PHYSICAL LAPIC ID = 0, Ver = 0x50014, MaxLvtEntry = 5, DirectedEOI = P0/E0, (SW: 'Enabled')\n" +
        '     -> TPR = 0x00000000,  PPR = 0x00000000\n' +
        '     -> LDR = 0x00000001,  SVR = 0x000001ff,  Err = 0x00000000\n' +
        '     -> LVT_INT0 = 0x00010000,  LVT_INT1 = 0x00010000\n' +
        '     -> LVT_CMCI = 0x00010000,  LVT_PMCR = 0x000000fe\n' +
        '     -> LVT_TMR  = 0x000400ec,  LVT_TSR  = 0x00010000\n' +
        '     -> LVT_ERR  = 0x000000e3\n' +
        '     -> InitialCount = 0x00000000, CurrentCount = 0x00000000, DivideConfig = 0x00000000\n' +
        'ISR : \nTMR : \nIRR : \n',
    );
    expect((await sim.run('~ 1')).ok).toBe(true);
    expect((await sim.run('!localapic')).output).toMatch(/^\*\*\* {2}\(X2APIC Mode\) PHYSICAL LAPIC ID = 1,/);
    expect((await sim.run('~ 0')).ok).toBe(true);
  });

  it('!ioapic shows the 24 redirection entries', async () => {
    const { output } = await sim.run('!ioapic');
    const lines = output.trimEnd().split('\n');
    expect(lines[0]).toBe('IoApic @ fec00000  ID:2 (20)  Arb:2000000\t I/O APIC VA: fffff7b8`c0000000');
    expect(lines).toHaveLength(25);
    expect(lines[1]).toBe(
      'Inti00.: 00000000`00010030  Vec:30  FixedDel  PhysDest:00       edge         masked',
    );
    expect(lines[2]).toBe(
      'Inti01.: 00000000`00000031  Vec:31  FixedDel  PhysDest:00       edge               ',
    );
  });

  it('!smi count and trigger', async () => {
    expect(await sim.run('!smi count')).toEqual({ ok: true, output: 'SMI count: 0x2a\n' });
    expect((await sim.run('!smi trigger')).output).toBe(
      "power SMI triggered successfully (you can use '!smi count' to view the number of executed SMIs)\n",
    );
  });

  it('cpuid decodes leaves 0, 1, 6, 7, 16h, 80000000h..80000008h as v0.23 does and shows undecoded ones raw', async () => {
    expect((await sim.run('ucpuid 0')).output).toContain(
      '  Vendor : GenuineIntel\n  Maximum supported basic leaf : 22\n',
    );
    expect((await sim.run('cpuid 80000003')).output).toContain(
      '  Brand String = "Intel(R) Core(TM) i7-10700K CPU @ 3.80GHz"\n\n',
    );
    const leaf1 = (await sim.run('cpuid 1')).output;
    expect(leaf1).toContain(
      '-- EAX: Version Information --\n\n  SteppingId       = 5\n  Model            = 5\n',
    );
    expect(leaf1).toContain('  ExtendedModelId  = 10\n  ExtendedFamilyId = 0\n\n');
    expect(leaf1).toContain('  ClflushLineSize   = 8 (cache line = 64 bytes)\n');
    expect(leaf1).toContain('  VMX                   = TRUE\n');
    expect(leaf1).toContain('  DCA                   = FALSE\n');
    expect(leaf1.endsWith('  TM (Thermal Monitor)  = FALSE\n  PBE                   = FALSE\n\n')).toBe(true);
    const leaf6 = (await sim.run('cpuid 6')).output;
    expect(leaf6).toContain(
      '-- EAX --\n\n  TemperatureSensorSupported              = TRUE\n  IntelTurboBoostTechnologyAvailable       = TRUE\n',
    );
    expect(leaf6).toContain('  HDC                                      = TRUE\n');
    expect(leaf6).toContain('  NumberOfInterruptThresholdsInThermalSensor = 2\n\n');
    // ia32.h names ECX bit 3 NumberOfIntelThreadDirectorClasses and bits 15:8
    // PerformanceEnergyBiasPreference, and v0.23 prints through those macros
    expect(leaf6).toContain(
      '  HardwareCoordinationFeedbackCapability   = TRUE\n' +
        '  NumberOfIntelThreadDirectorClasses (bit) = TRUE\n' +
        '  PerformanceEnergyBiasPreference          = 0\n\n',
    );
    const leaf7 = (await sim.run('cpuid 7')).output;
    expect(leaf7).toContain('  AVX2                           = TRUE\n');
    expect(leaf7).toContain('  AVX512F                        = FALSE\n');
    expect(leaf7).toContain('  MAWAU (BNDLDX/BNDSTX)          = 0 (NOT BOOLEAN)\n');
    expect((await sim.run('cpuid 7 1')).output).toContain(
      '    ECX=1: EAX=0x00000000 EBX=0x00000000 ECX=0x00000000 EDX=0x00000000\n\n',
    );
    expect((await sim.run('cpuid 16')).output).toContain(
      '  ProcessorBaseFrequencyMhz = 3800 MHz\n-- EBX --\n\n  ProcessorMaximumFrequencyMhz = 5100 MHz\n' +
        '-- ECX --\n\n  BusFrequencyMhz = 100 MHz\n\n',
    );
    expect((await sim.run('cpuid 80000001')).output).toContain(
      '  LAHF/SAHF Available in 64-bit Mode = True\n  LZCNT                              = True\n' +
        '  PREFETCHW                          = True\n\n',
    );
    expect((await sim.run('cpuid 80000006')).output).toContain(
      '  CacheLineSizeInBytes       = 64 bytes\n  L2AssociativityField       = 0x06 (8-way)\n' +
        '  CacheSizeIn1KUnits         = 256 KB (0 MB)\n',
    );
    expect((await sim.run('cpuid 80000007')).output).toContain(
      '  InvariantTscAvailable = 1 (TSC runs at constant rate)\n\n',
    );
    expect((await sim.run('cpuid 80000008')).output).toContain(
      '  NumberOfPhysicalAddressBits = 39 (max physical address = 2^39 = 549755813888 bytes)\n' +
        '  NumberOfLinearAddressBits  = 48 (max linear address = 2^48 = 281474976710656 bytes)\n-- EBX --',
    );
    // a leaf HyperDbg has no decoder for (the simulated CPU answers it; v0.23 prints the registers)
    expect((await sim.run('cpuid 40000000')).output).toContain(
      '  CPUID leaf 0x40000000 is not implemented in HyperDbg.\n',
    );
  });

  it('cpuid decodes leaves 4, 5, 0Ah, 0Bh, 0Dh and 14h of the modelled CPU as v0.23 does', async () => {
    expect((await sim.run('cpuid 4 2')).output).toBe(
      '==== CPUID.(EAX=04H) Deterministic Cache Parameters ====\n\n' +
        '  *******************************************************\n' +
        '  *             Max NumberOfSubLeaves = 3               *\n' +
        '  *******************************************************\n\n' +
        '---- CPUID.(EAX=04H, ECX=2) ----\n\n' +
        '-- EAX --\n\n' +
        '  CacheTypeField                   = 3 (Unified Cache)\n' +
        '  CacheLevel                       = 2\n' +
        '  SelfInitializingCacheLevel       = TRUE\n' +
        '  FullyAssociativeCache            = FALSE\n' +
        '  MaxAddressableIds(LogicalProcs)  (raw) = 0 -> actual = 1 (raw + 1)\n' +
        '  MaxAddressableIds(Cores)         (raw) = 1 -> actual = 2 (raw + 1)\n\n' +
        '-- EBX --\n\n' +
        '  SystemCoherencyLineSize          (raw) = 63 -> actual = 64 bytes (raw + 1)\n' +
        '  PhysicalLinePartitions           (raw) = 0 -> actual = 1 (raw + 1)\n' +
        '  WaysOfAssociativity              (raw) = 3 -> actual = 4 (raw + 1)\n\n' +
        '-- ECX --\n\n' +
        '  NumberOfSets                     (raw) = 1023 -> actual = 1024 (raw + 1)\n\n' +
        '-- EDX --\n\n' +
        '  WriteBackInvalidate              = FALSE\n' +
        '  CacheInclusiveness               = FALSE\n' +
        '  ComplexCacheIndexing             = FALSE (direct mapped)\n\n' +
        '-- Cache Size --\n\n' +
        '  Cache Size (per spec formula)    = 262144 bytes (256 KB, 0 MB)\n\n',
    );
    expect((await sim.run('cpuid 4 4')).output).toMatch(
      /ECX=4\) ----\n\n-- EAX --\n\n {2}CacheTypeField {19}= 0 \(Null \(no more caches\)\)\n {2}\(no more caches; stopping enumeration\)\n\n$/,
    );
    expect((await sim.run('cpuid 5')).output).toBe(
      '==== CPUID.(EAX=05H) MONITOR/MWAIT Leaf ====\n\n' +
        '  *******************************************************\n' +
        '  *               LEAF 5 HAS NO SUBLEAVES               *\n' +
        '  *       ANY SUBLEAF YOU ENTER WILL DEFAULT TO 0       *\n' +
        '  *      AND THE PROCESSOR RETURNS UNDEFINED VALUES     *\n' +
        '  *******************************************************\n\n' +
        '-- EAX --\n\n  SmallestMonitorLineSize = 64 bytes\n\n' +
        '-- EBX --\n\n  LargestMonitorLineSize  = 64 bytes\n\n' +
        '-- ECX --\n\n' +
        '  EnumerationOfMonitorMwaitExtensions             = TRUE\n' +
        '  SupportsTreatingInterruptsAsBreakEventForMwait  = TRUE\n\n' +
        '-- EDX --\n\n' +
        '  NumberOfC0SubCStates = 0\n  NumberOfC1SubCStates = 2\n  NumberOfC2SubCStates = 1\n' +
        '  NumberOfC3SubCStates = 2\n  NumberOfC4SubCStates = 4\n  NumberOfC5SubCStates = 1\n' +
        '  NumberOfC6SubCStates = 1\n  NumberOfC7SubCStates = 1\n\n',
    );
    const leafA = (await sim.run('cpuid a')).output;
    expect(leafA).toContain(
      '-- EAX --\n\n' +
        '  VersionId                               = 4\n' +
        '  NumberOfCountersPerLogicalProcessor     = 4\n' +
        '  BitWidthOfPerformanceMonitoringCounter  = 48\n' +
        '  EbxBitVectorLength                      = 7\n\n' +
        '-- EBX (bit = 1 means the event is NOT available) --\n\n' +
        '  CoreCycleEventNotAvailable                = 0\n',
    );
    expect(leafA).toContain(
      '  BranchMispredictRetiredEventNotAvailable  = 0\n\n-- ECX --\n\n' +
        '  Reserved                                   = 0x00000000\n\n-- EDX --\n\n' +
        '  NumberOfFixedFunctionPerformanceCounters   = 3\n' +
        '  BitWidthOfFixedFunctionPerformanceCounters = 48\n\n' +
        '  AnyThreadDeprecation                       = FALSE\n\n',
    );
    expect((await sim.run('cpuid b 1')).output).toBe(
      '==== CPUID.(EAX=0BH) Extended Topology Enumeration ====\n\n' +
        '  *******************************************************\n' +
        '  *             Max NumberOfSubLeaves = 1               *\n' +
        '  *******************************************************\n\n' +
        '---- CPUID.(EAX=0BH, ECX=1) ----\n\n' +
        '-- ECX --\n\n  LevelNumber (echoes ECX input) = 1\n  LevelType                      = 2 (Core)\n\n' +
        '-- EAX --\n\n  X2ApicIdToUniqueTopologyIdShift = 1\n\n' +
        '-- EBX --\n\n  NumberOfLogicalProcessorsAtThisLevelType = 2 (DIAGNOSTIC ONLY - do not use for topology enumeration)\n\n' +
        '-- EDX --\n\n  X2ApicId (current logical processor) = 0\n\n',
    );
    const xsave = (await sim.run('cpuid d 0')).output;
    expect(xsave.startsWith('==== CPUID.(EAX=0DH) Processor Extended State Enumeration ====\n  ***')).toBe(
      true,
    );
    expect(xsave).toContain(
      '  AVXState (bit 2)               = TRUE\n  MPXState (bits 4:3)            = 3\n' +
        '  AVX512State (bits 7:5)         = 0\n',
    );
    expect(xsave).toContain('  MaxSizeRequiredByEnabledFeaturesInXcr0 = 1088 bytes\n\n');
    expect((await sim.run('cpuid d 2')).output).toContain(
      '-- State Component Information --\n\n  SaveAreaSize (EAX)   = 256 bytes\n' +
        '  SaveAreaOffset (EBX) = 576 bytes\n  ManagedViaIa32Xss (ECX bit 0) = 0 (XCR0)\n' +
        '  Aligned64ByteBoundary (ECX bit 1) = 0 (immediately following)\n  Reserved (EDX) = 0x00000000\n\n',
    );
    expect((await sim.run('cpuid d 5')).output).toContain(
      '  Sub-leaf 5 is NOT supported on this CPU\n  Valid sub-leaves are those with bits set in:\n' +
        '    XCR0 vector:     0x000000000000001F\n    IA32_XSS vector: 0x0000000000000100\n' +
        '    Combined vector: 0x000000000000011F\n\n',
    );
    const trace = (await sim.run('cpuid 14')).output;
    expect(trace).toContain(
      '  *             Max NumberOfSubLeaves = 1               *\n' +
        '  *******************************************************\n\n' +
        '==== CPUID.(EAX=14H, ECX=0) Intel Processor Trace Information ====\n\n' +
        '-- EAX --\n\n  MaxSubLeaf = 1\n\n-- EBX (Supported Features) --\n\n' +
        '  CR3Filter support (bit 0)                    = TRUE\n',
    );
    expect(trace).toContain('  PTWRITE support (bit 4)                      = FALSE\n');
    expect(trace).toContain('  LIP values include CS base (bit 31)          = FALSE\n\n-- EDX --\n\n');
    expect((await sim.run('cpuid 2')).output).toBe(
      '==== CPUID.(EAX=02H) Legacy Cache Descriptor ====\n\n' +
        '  This leaf is deprecated and returns legacy cache information.\n' +
        '  Use CPUID.(EAX=04H) for deterministic cache parameters instead.\n\n' +
        '  Raw data:\n  EAX: 0x00FEFF01\n  EBX: 0x000000F0\n  ECX: 0x00000000\n  EDX: 0x00000000\n\n',
    );
  });

  it('sb/sd find the bytes just written, sq reports not found', async () => {
    const at = KERNEL_BASE + 0x1100n;
    expect((await sim.run(`eb ${at.toString(16)} de ad be ef`)).ok).toBe(true);
    expect(await sim.run(`sb ${(KERNEL_BASE + 0x1000n).toString(16)} de ad be ef l 200`)).toEqual({
      ok: true,
      output: `${at.toString(16)}\n`,
    });
    expect((await sim.run(`sd ${(KERNEL_BASE + 0x1000n).toString(16)} efbeadde l 200`)).output).toBe(
      `${at.toString(16)}\n`,
    );
    expect(await sim.run(`sq ${KERNEL_BASE.toString(16)} 1122334455667788 l 40`)).toEqual({
      ok: true,
      output: 'not found\n',
    });
  });

  it('.pagein is delivered and the next g runs one instruction and halts again', async () => {
    expect((await sim.run(`.pagein w ${KERNEL_BASE.toString(16)}`)).output).toBe(
      'the page-fault is delivered to the target thread\n' +
        "press 'g' to continue debuggee (the current thread will execute ONLY one instruction and will be halted again)...\n",
    );
  });

  it('.dump writes exactly the bytes u disassembles (the syscall entry starts with swapgs)', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'hds-dump-sim-'));
    try {
      const file = path.join(folder, 'entry.bin');
      const from = (KERNEL_BASE + 0x1000n).toString(16);
      const to = (KERNEL_BASE + 0x1020n).toString(16);
      expect(await sim.run(`.dump ${from} ${to} path ${file}`)).toEqual({
        ok: true,
        output: `the dump file is saved at: ${file}\n`,
      });
      const bytes = readFileSync(file);
      expect(bytes).toHaveLength(0x20);
      expect([...bytes.subarray(0, 3)]).toEqual([0x0f, 0x01, 0xf8]);
      const db = await sim.run(`db ${from} l 20`);
      const shown = db.output
        .split('\n')
        .filter((l) => l !== '')
        .flatMap((l) =>
          l
            .slice(19, 19 + 16 * 3)
            .trim()
            .split(/\s+/),
        )
        .map((b) => parseInt(b, 16));
      expect(shown).toEqual([...bytes]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('!pcicam shows the host bridge’s common header', async () => {
    const { ok, output } = await sim.run('!pcicam 0 0 0');
    expect(ok).toBe(true);
    expect(
      output.startsWith(
        'PCI configuration space (CAM) for device 0000:00:00:0\n\nCommon Header:\nVID:DID: 8086:29c0\n',
      ),
    ).toBe(true);
    expect(output).toContain('HeaderType: Endpoint (00)\n  Multi-function Device: False\n');
  });

  it('!track draws the call tree of the tracking steps', async () => {
    const { ok, output } = await sim.run('!track tree 8');
    expect(ok).toBe(true);
    const lines = output.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^(│ {2})*(┌──|└──) .*[0-9a-f]{8}`[0-9a-f]{8}/);
  });
});
