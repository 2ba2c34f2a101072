// What each HyperDbg v0.23 command is for, how it is written and one or two examples, by family,
// for `.help`, `.help NAME` and the console's hover. Written for this project from the facts in
// HyperDbg's documentation (syntax and option names are HyperDbg's; the explanations are ours).

export type CommandFamily =
  | 'Run control'
  | 'Breakpoints'
  | 'Registers and memory'
  | 'Disassembly and assembly'
  | 'Symbols and types'
  | 'Processes, threads and cores'
  | 'Events (hooks)'
  | 'Event management and pools'
  | 'Hardware and platform'
  | 'Session and console'
  | 'Scripts and output';

export interface CommandHelp {
  /** Canonical name first, then the aliases HyperDbg's table also accepts. */
  readonly names: readonly string[];
  readonly family: CommandFamily;
  readonly summary: string;
  /** Forms of the command line; `[...]` is HyperDbg's notation for a parameter or keyword. */
  readonly syntax: readonly string[];
  /** Option or parameter → what it means. */
  readonly options?: readonly (readonly [string, string])[];
  readonly examples: readonly string[];
  /** Something a user should know before relying on it. */
  readonly note?: string;
}

/** The options every event command takes after its own parameters. */
const EVENT_OPTIONS: readonly (readonly [string, string])[] = [
  ['pid PID', 'only when this process (hex id) is running; default: every process'],
  ['core N', 'only on this logical core; default: every core'],
  ['stage pre|post|all', 'run the action before the event is emulated, after it, or both'],
  ['sc on|off', 'short-circuit: on = the event is not emulated (the guest never sees it)'],
  ['imm yes|no', 'yes = run the action at once on the debuggee instead of via the debugger'],
  ['buffer SIZE', 'size of a pre-allocated buffer the script or code can use'],
  ['script { ... }', 'a HyperDbg script run on every hit (printf, conditions, pause() ...)'],
  ['asm condition { ... } / asm code { ... }', 'assembly (or hex bytes) run as the condition or the action'],
  ['output {NAME}', 'send the output to an output source opened with `output`'],
];
const EVENT_TAIL =
  '[pid PID] [core N] [stage pre|post|all] [sc on|off] [imm yes|no] [buffer SIZE] [script {...}] [asm condition|code {...}] [output {NAME}]';
const HOOK_TAIL =
  '[pid PID] [core N] [imm yes|no] [buffer SIZE] [script {...}] [asm condition|code {...}] [output {NAME}]';
const DUMP_OPTIONS: readonly (readonly [string, string])[] = [
  ['Address', 'where to start: a number, register, symbol or expression (@rsp+8, nt!PsGetCurrentProcess)'],
  ['l Length', 'how many bytes (hex); the default shows one screen'],
  ['pid PID', 'read in the address space of this process'],
];
const TYPE_OPTIONS: readonly (readonly [string, string])[] = [
  ['padding|offset|bitfield|native yes|no', 'show padding members, offsets, bit fields, native type names'],
  ['decl|def|func|pragma yes|no', 'print declarations, definitions, function members, pragmas'],
  ['prefix|suffix TEXT', 'text added before or after each generated type name'],
  ['inline all|none', 'expand nested structures in place'],
  ['output FILE', 'write the generated C header to a file'],
];

export const COMMAND_HELP: readonly CommandHelp[] = [
  // Run control
  {
    names: ['g', 'go'],
    family: 'Run control',
    summary: 'Lets the halted debuggee run again (all cores).',
    syntax: ['g'],
    examples: ['g'],
  },
  {
    names: ['pause'],
    family: 'Run control',
    summary: 'Halts the running debuggee (the same as Ctrl+C or Ctrl+Break).',
    syntax: ['pause'],
    examples: ['pause'],
  },
  {
    names: ['t', 'tr'],
    family: 'Run control',
    summary:
      'Steps into: runs one instruction, entering calls; tr also prints the registers after each step.',
    syntax: ['t', 't [Count]', 'tr [Count]'],
    options: [['Count', 'number of instructions (hex), default 1']],
    examples: ['t', 'tr 5'],
  },
  {
    names: ['p', 'pr'],
    family: 'Run control',
    summary: 'Steps over: runs one instruction, treating a call as one step; pr also prints the registers.',
    syntax: ['p', 'p [Count]', 'pr [Count]'],
    options: [['Count', 'number of instructions (hex), default 1']],
    examples: ['p', 'pr 10'],
  },
  {
    names: ['i', 'ir'],
    family: 'Run control',
    summary:
      'Instrumentation step: steps one instruction while no other core and no interrupt can run in between; ir also prints the registers.',
    syntax: ['i', 'i [Count]', 'ir [Count]'],
    options: [['Count', 'number of instructions (hex), default 1']],
    examples: ['i', 'ir 3'],
  },
  {
    names: ['gu'],
    family: 'Run control',
    summary: 'Go up: steps until the current function returns to its caller.',
    syntax: ['gu', 'gu [Count]'],
    options: [['Count', 'how many instructions to step at most (hex); too few may stop before the ret']],
    examples: ['gu', 'gu 10000'],
  },
  {
    names: ['gg'],
    family: 'Run control',
    summary:
      "Prints 'Good Game! :)' ('gg wp': 'Good Game, Well Played! :)'); v0.23's own help says it shows and changes the operating processor, which it does not (use '~').",
    syntax: ['gg', 'gg [wp]'],
    examples: ['gg', 'gg wp'],
  },
  {
    names: ['cont', 'continue'],
    family: 'Run control',
    summary: 'Continues a user-mode process the debuggee debugs itself (forwarded to the debuggee).',
    syntax: ['cont'],
    examples: ['cont'],
  },
  {
    names: ['.pause'],
    family: 'Run control',
    summary: 'Pauses the user-mode process the debuggee debugs itself (forwarded to the debuggee).',
    syntax: ['.pause'],
    examples: ['.pause'],
  },
  // Breakpoints
  {
    names: ['bp'],
    family: 'Breakpoints',
    summary: 'Sets a breakpoint (an int3 the hypervisor hides from the guest) at an address.',
    syntax: ['bp [Address] [pid PID] [tid TID] [core N]'],
    options: [
      ['Address', 'number, symbol or expression: nt!ExAllocatePoolWithTag, @rip+5'],
      ['pid / tid / core', 'halt only in this process, thread or core'],
    ],
    examples: ['bp nt!NtCreateFile', 'bp fffff801`63a0e170 pid 4'],
  },
  {
    names: ['bl'],
    family: 'Breakpoints',
    summary: 'Lists the breakpoints with their ids and whether each is enabled.',
    syntax: ['bl'],
    examples: ['bl'],
  },
  {
    names: ['bc'],
    family: 'Breakpoints',
    summary: 'Clears (removes) a breakpoint by its id, or all of them.',
    syntax: ['bc [Id|all]'],
    options: [['Id', 'the breakpoint id (hex) bl shows']],
    examples: ['bc 1', 'bc all'],
  },
  {
    names: ['bd'],
    family: 'Breakpoints',
    summary: 'Disables a breakpoint (kept in the list, not hit) by its id, or all of them.',
    syntax: ['bd [Id|all]'],
    examples: ['bd 0', 'bd all'],
  },
  {
    names: ['be'],
    family: 'Breakpoints',
    summary: 'Enables a disabled breakpoint again by its id, or all of them.',
    syntax: ['be [Id|all]'],
    examples: ['be 0', 'be all'],
  },
  // Registers and memory
  {
    names: ['r'],
    family: 'Registers and memory',
    summary: 'Shows all registers, one register, or sets a register to the value of an expression.',
    syntax: ['r', 'r [Register]', 'r [Register] = [Expression]'],
    options: [['Register', 'rax, rip, rflags, cr3, dr7, ... with or without @']],
    examples: ['r', 'r rip', 'r @rax = @rbx + 10'],
  },
  {
    names: ['db', 'dc', 'dd', 'dq'],
    family: 'Registers and memory',
    summary: 'Shows virtual memory as bytes (db), bytes with ASCII (dc), dwords (dd) or qwords (dq).',
    syntax: ['db [Address] [l Length] [pid PID]', 'dc|dd|dq [Address] [l Length] [pid PID]'],
    options: DUMP_OPTIONS,
    examples: ['db @rsp l 40', 'dq nt!PsInitialSystemProcess l 8', 'dc fffff801`63a00000 pid 4'],
  },
  {
    names: ['!db', '!dc', '!dd', '!dq'],
    family: 'Registers and memory',
    summary: 'Shows physical memory as bytes, bytes with ASCII, dwords or qwords.',
    syntax: ['!db [PhysicalAddress] [l Length]', '!dc|!dd|!dq [PhysicalAddress] [l Length]'],
    options: [
      ['PhysicalAddress', 'a physical address (hex), e.g. from !va2pa'],
      ['l Length', 'how many bytes (hex)'],
    ],
    examples: ['!db 1000 l 20', '!dq @cr3'],
  },
  {
    names: ['eb', 'ed', 'eq'],
    family: 'Registers and memory',
    summary: 'Writes bytes (eb), dwords (ed) or qwords (eq) to virtual memory.',
    syntax: ['eb|ed|eq [Address] [Value ...] [pid PID]'],
    options: [
      ['Value ...', 'one or more hex values, written one after another'],
      ['pid PID', 'write in the address space of this process'],
    ],
    examples: ['eb @rsp 90 90 90', 'eq nt!KiServiceTable 0'],
  },
  {
    names: ['!eb', '!ed', '!eq'],
    family: 'Registers and memory',
    summary: 'Writes bytes, dwords or qwords to physical memory.',
    syntax: ['!eb|!ed|!eq [PhysicalAddress] [Value ...]'],
    examples: ['!eb 1000 cc', '!eq 2000 0'],
  },
  {
    names: ['sb', 'sd', 'sq'],
    family: 'Registers and memory',
    summary: 'Searches virtual memory for a byte (sb), dword (sd) or qword (sq) pattern.',
    syntax: ['sb|sd|sq [StartAddress] l [Length] [Pattern ...] [pid PID]'],
    options: [
      ['l Length', 'how far to search (hex bytes)'],
      ['Pattern ...', 'the values to find, in order'],
    ],
    examples: ['sb nt!ExAllocatePoolWithTag l 100 48 89 5c', 'sq @rsp l 1000 fffff80163a0e170'],
  },
  {
    names: ['!sb', '!sd', '!sq'],
    family: 'Registers and memory',
    summary: 'Searches physical memory for a byte, dword or qword pattern.',
    syntax: ['!sb|!sd|!sq [StartPhysicalAddress] l [Length] [Pattern ...]'],
    examples: ['!sb 1000 l ffff 4d 5a'],
  },
  {
    names: ['dl'],
    family: 'Registers and memory',
    summary: 'Walks a linked list in virtual memory (LIST_ENTRY style), showing each element.',
    syntax: ['dl [Address] [o Offset] [l Count] [pid PID]'],
    options: [
      ['o Offset', 'offset of the link field inside each element (hex)'],
      ['l Count', 'how many elements to show at most'],
    ],
    examples: ['dl nt!PsActiveProcessHead l 5'],
  },
  {
    names: ['!dl'],
    family: 'Registers and memory',
    summary: 'Walks a linked list in physical memory.',
    syntax: ['!dl [PhysicalAddress] [o Offset] [l Count]'],
    examples: ['!dl 3000 o 8 l 4'],
  },
  {
    names: ['.dump', 'dump', '!dump'],
    family: 'Registers and memory',
    summary: 'Saves a range of memory to a file on the debugger machine (.dump: virtual, !dump: physical).',
    syntax: [
      '.dump [From] [To] [pid PID] path [FilePath]',
      '!dump [FromPhysical] [ToPhysical] path [FilePath]',
    ],
    examples: ['.dump fffff80163a00000 fffff80163a01000 path c:\\dumps\\nt.bin'],
  },
  {
    names: ['.pagein', 'pagein'],
    family: 'Registers and memory',
    summary:
      'Brings a paged-out virtual page into RAM by injecting a page fault of the given kind, so it can be read.',
    syntax: ['.pagein [Mode] [Address]', '.pagein [Mode] [Address] l [Length]'],
    options: [
      [
        'Mode',
        'page-fault error-code letters: p (present), w (write), u (user), f (fetch), k (protection key), s (shadow stack), h (HLAT), g (SGX); omitted: a plain read',
      ],
    ],
    examples: ['.pagein 7ff6a2310000', '.pagein w 7ff6a2310000 l 2000'],
  },
  {
    names: ['!pte'],
    family: 'Registers and memory',
    summary: 'Shows the page-table entries (PML4E, PDPTE, PDE, PTE) that map a virtual address.',
    syntax: ['!pte [VirtualAddress] [pid PID]'],
    examples: ['!pte nt!NtCreateFile', '!pte @rsp'],
  },
  {
    names: ['!va2pa'],
    family: 'Registers and memory',
    summary: 'Translates a virtual address to its physical address.',
    syntax: ['!va2pa [VirtualAddress] [pid PID]'],
    examples: ['!va2pa @rip', '!va2pa 7ff6a2310000 pid 1c4'],
  },
  {
    names: ['!pa2va'],
    family: 'Registers and memory',
    summary: 'Translates a physical address to a virtual address in the current or given process.',
    syntax: ['!pa2va [PhysicalAddress] [pid PID]'],
    examples: ['!pa2va 1aa000'],
  },
  {
    names: ['?', 'eval', 'evaluate'],
    family: 'Scripts and output',
    summary:
      'Evaluates a script expression or statement on the halted debuggee (prints, assigns, calls functions).',
    syntax: ['? [Expression]'],
    examples: ['? @rax + 10', '? printf("%llx\\n", poi(@rsp));'],
  },
  {
    names: ['print'],
    family: 'Scripts and output',
    summary: 'Prints the value of a script expression in hex.',
    syntax: ['print [Expression]'],
    examples: ['print @rcx', 'print poi(nt!PsInitialSystemProcess)'],
  },
  {
    names: ['.formats', '.format'],
    family: 'Scripts and output',
    summary: 'Shows a value in hex, decimal, octal, binary, characters and as a time.',
    syntax: ['.formats [Expression]'],
    examples: ['.formats 0x41424344', '.formats @rax'],
  },
  // Disassembly and assembly
  {
    names: ['u', 'u64'],
    family: 'Disassembly and assembly',
    summary: 'Disassembles virtual memory as x64 code.',
    syntax: ['u [Address] [l Length] [pid PID]'],
    options: [['l Length', 'how many bytes to decode (hex)']],
    examples: ['u @rip', 'u nt!NtCreateFile l 40'],
  },
  {
    names: ['u2', 'u32'],
    family: 'Disassembly and assembly',
    summary: 'Disassembles virtual memory as 32-bit x86 code.',
    syntax: ['u2 [Address] [l Length] [pid PID]'],
    examples: ['u2 401000 l 20 pid 1c4'],
  },
  {
    names: ['!u', '!u64'],
    family: 'Disassembly and assembly',
    summary: 'Disassembles physical memory as x64 code.',
    syntax: ['!u [PhysicalAddress] [l Length]'],
    examples: ['!u 1aa170 l 20'],
  },
  {
    names: ['!u2', '!u32'],
    family: 'Disassembly and assembly',
    summary: 'Disassembles physical memory as 32-bit x86 code.',
    syntax: ['!u2 [PhysicalAddress] [l Length]'],
    examples: ['!u2 1000'],
  },
  {
    names: ['a', 'asm', 'assemble', 'assembly'],
    family: 'Disassembly and assembly',
    summary: 'Assembles instructions and writes the bytes to virtual memory.',
    syntax: ['a [Address] {Instruction; Instruction ...} [pid PID]'],
    examples: ['a @rip {nop; nop; int3}', 'a fffff80163a0e170 {mov rax, 1; ret}'],
  },
  {
    names: ['!a', '!asm', '!assemble', '!assembly'],
    family: 'Disassembly and assembly',
    summary: 'Assembles instructions and writes the bytes to physical memory.',
    syntax: ['!a [PhysicalAddress] {Instruction; ...}'],
    examples: ['!a 1000 {xor eax, eax; ret}'],
  },
  // Symbols and types
  {
    names: ['.sym', 'sym'],
    family: 'Symbols and types',
    summary:
      "Manages symbols: list the loaded modules' symbol table, reload, download or load the PDBs, unload them, or add one by hand.",
    syntax: [
      '.sym table',
      '.sym reload [pid PID]',
      '.sym download',
      '.sym load',
      '.sym unload',
      '.sym add base [Address] path [PdbPath]',
    ],
    examples: [
      '.sym reload',
      '.sym download',
      '.sym add base fffff80163a00000 path c:\\symbols\\ntkrnlmp.pdb',
    ],
  },
  {
    names: ['.sympath', 'sympath'],
    family: 'Symbols and types',
    summary: 'Shows or sets where PDBs are looked for (a cache folder and symbol servers).',
    syntax: ['.sympath', '.sympath [Path]'],
    examples: ['.sympath SRV*c:\\symbols*https://msdl.microsoft.com/download/symbols'],
  },
  {
    names: ['x'],
    family: 'Symbols and types',
    summary:
      "Lists the symbols matching a module!name pattern (* and ? wildcards) with their addresses; needs the module's PDB.",
    syntax: ['x [Module!Pattern]'],
    examples: ['x nt!*Alloc*', 'x nt!Ps*Process'],
  },
  {
    names: ['lm'],
    family: 'Symbols and types',
    summary: 'Lists the loaded kernel and user modules with their base, size and path.',
    syntax: ['lm', 'lm [m Name] [pid PID] [km|um]'],
    options: [
      ['m Name', 'only modules whose name contains this text'],
      ['km / um', 'only kernel-mode or only user-mode modules'],
    ],
    examples: ['lm', 'lm m nt', 'lm um pid 1c4'],
  },
  {
    names: ['dt'],
    family: 'Symbols and types',
    summary: 'Shows a structure type from the PDBs, or memory interpreted as that structure.',
    syntax: ['dt [Module!Type] [Address] [pid PID] [options]'],
    options: TYPE_OPTIONS,
    examples: ['dt nt!_EPROCESS', 'dt nt!_KPROCESS poi(nt!PsInitialSystemProcess)'],
  },
  {
    names: ['!dt'],
    family: 'Symbols and types',
    summary: 'Shows physical memory interpreted as a structure type from the PDBs.',
    syntax: ['!dt [Module!Type] [PhysicalAddress] [options]'],
    options: TYPE_OPTIONS,
    examples: ['!dt nt!_MMPTE 1aa000'],
  },
  {
    names: ['struct', 'structure'],
    family: 'Symbols and types',
    summary:
      'Prints a structure type from the PDBs as a C declaration (a header you can include in scripts).',
    syntax: ['struct [Module!Type] [options]'],
    options: TYPE_OPTIONS,
    examples: ['struct nt!_LIST_ENTRY', 'struct nt!_EPROCESS offset yes output c:\\eprocess.h'],
  },
  {
    names: ['.pe'],
    family: 'Symbols and types',
    summary: "Parses a PE file on the debugger machine: its headers, or one section's bytes.",
    syntax: ['.pe header [FilePath]', '.pe section [SectionName] [FilePath]'],
    examples: [
      '.pe header c:\\windows\\system32\\ntoskrnl.exe',
      '.pe section .text c:\\windows\\system32\\kernel32.dll',
    ],
  },
  {
    names: ['k', 'kd', 'kq'],
    family: 'Symbols and types',
    summary: 'Shows the call stack of the halted thread (kd: as dwords for 32-bit code, kq: as qwords).',
    syntax: ['k', 'k [base StackAddress] [l Length]', 'kd|kq [base StackAddress] [l Length]'],
    options: [
      ['base StackAddress', 'start walking from this stack address instead of rsp'],
      ['l Length', 'how many bytes of stack to walk (hex)'],
    ],
    examples: ['k', 'kq l 200'],
  },
  // Processes, threads and cores
  {
    names: ['.process', 'process', '.process2', 'process2'],
    family: 'Processes, threads and cores',
    summary:
      'Shows the current process, lists processes, or switches to one (.process2 switches at the next clock interrupt instead of the next context switch).',
    syntax: [
      '.process',
      '.process list',
      '.process pid [PID]',
      '.process process [EPROCESS]',
      '.process2 pid [PID]',
    ],
    examples: ['.process', '.process list', '.process pid 1c4'],
    note: "Listing needs ntoskrnl's PDB (the offsets of _EPROCESS come from it).",
  },
  {
    names: ['.thread', 'thread', '.thread2', 'thread2'],
    family: 'Processes, threads and cores',
    summary:
      'Shows the current thread, lists the threads of a process, or switches to one (.thread2: on the next clock interrupt).',
    syntax: [
      '.thread',
      '.thread list [process EPROCESS]',
      '.thread tid [TID]',
      '.thread thread [ETHREAD]',
      '.thread2 tid [TID]',
    ],
    examples: ['.thread', '.thread list', '.thread tid 1a8'],
    note: "Listing needs ntoskrnl's PDB (the offsets of _ETHREAD come from it).",
  },
  {
    names: ['~', 'core'],
    family: 'Processes, threads and cores',
    summary: 'Shows the current core, or makes another logical core the one the debugger works on.',
    syntax: ['~', '~ [Core]'],
    examples: ['~', '~ 2'],
  },
  {
    names: ['.attach', 'attach'],
    family: 'Processes, threads and cores',
    summary: "Attaches the debuggee's user-mode debugger to a process (forwarded to the debuggee).",
    syntax: ['.attach pid [PID]'],
    examples: ['.attach pid 1c4'],
  },
  {
    names: ['.detach', 'detach'],
    family: 'Processes, threads and cores',
    summary: 'Detaches from the user-mode process attached with .attach.',
    syntax: ['.detach'],
    examples: ['.detach'],
  },
  {
    names: ['.start', 'start'],
    family: 'Processes, threads and cores',
    summary: 'Starts a program on the debuggee under its user-mode debugger, halted at its entry point.',
    syntax: ['.start path [ExePath] [Arguments]'],
    examples: ['.start path c:\\windows\\system32\\notepad.exe'],
  },
  {
    names: ['.restart', 'restart'],
    family: 'Processes, threads and cores',
    summary: 'Starts the program last started with .start again.',
    syntax: ['.restart'],
    examples: ['.restart'],
  },
  {
    names: ['.kill', 'kill'],
    family: 'Processes, threads and cores',
    summary: 'Terminates the user-mode process being debugged.',
    syntax: ['.kill'],
    examples: ['.kill'],
  },
  {
    names: ['.switch', 'switch'],
    family: 'Processes, threads and cores',
    summary: 'Lists the attached user-mode threads or switches between them.',
    syntax: ['.switch', '.switch pid [PID]', '.switch tid [TID]'],
    examples: ['.switch', '.switch tid 1a8'],
  },
  // Events (hooks)
  {
    names: ['!epthook'],
    family: 'Events (hooks)',
    summary:
      'Hidden breakpoint on an address through EPT (the guest sees its original bytes); runs the action on each execution.',
    syntax: [`!epthook [Address] ${HOOK_TAIL}`],
    options: EVENT_OPTIONS,
    examples: [
      '!epthook nt!NtCreateFile',
      '!epthook nt!ExAllocatePoolWithTag script { printf("size %llx\\n", @rdx); }',
    ],
  },
  {
    names: ['!epthook2'],
    family: 'Events (hooks)',
    summary:
      'Detours a function through EPT (an inline hook the guest cannot see); faster than !epthook, pre-allocated pools needed.',
    syntax: [`!epthook2 [Address] ${HOOK_TAIL}`],
    options: EVENT_OPTIONS,
    examples: ['!epthook2 nt!ExAllocatePoolWithTag'],
  },
  {
    names: ['!monitor'],
    family: 'Events (hooks)',
    summary:
      'Monitors reads, writes or execution of a memory range (EPT) and runs the action on each access.',
    syntax: [
      `!monitor [r|w|x|rw|rx|wx|rwx] [From] [To] [va|pa] ${EVENT_TAIL}`,
      `!monitor [attribute] [From] l [Length] ${EVENT_TAIL}`,
    ],
    options: [['r/w/x', 'which accesses trigger: read, write, execute or a combination'], ...EVENT_OPTIONS],
    examples: [
      '!monitor w ffffc58a00001000 ffffc58a00001fff',
      '!monitor rw @rcx l 8 script { printf("%llx\\n", $context); }',
    ],
  },
  {
    names: ['!syscall', '!syscall2'],
    family: 'Events (hooks)',
    summary:
      'Triggers on system calls (all, or one number). !syscall reads the faulting instruction to confirm it is a SYSCALL; !syscall2 skips that memory check (for older systems where reading it is a problem).',
    syntax: [`!syscall [SyscallNumber] ${EVENT_TAIL}`],
    options: [
      ['SyscallNumber', 'the rax value of the system call (hex); omit for every call'],
      ...EVENT_OPTIONS,
    ],
    examples: ['!syscall', '!syscall 55 pid 1c4 script { printf("NtCreateFile\\n"); }'],
  },
  {
    names: ['!sysret', '!sysret2'],
    family: 'Events (hooks)',
    summary:
      'Triggers on the return from system calls (SYSRET); !sysret2 skips the memory check of the instruction, like !syscall2.',
    syntax: [`!sysret ${EVENT_TAIL}`],
    options: EVENT_OPTIONS,
    examples: ['!sysret pid 1c4'],
  },
  {
    names: ['!cpuid'],
    family: 'Events (hooks)',
    summary: 'Triggers when the guest executes CPUID (all leaves, or one).',
    syntax: [`!cpuid [Eax] ${EVENT_TAIL}`],
    options: [['Eax', 'only this leaf (hex)'], ...EVENT_OPTIONS],
    examples: ['!cpuid', '!cpuid 1 stage post script { @rcx = @rcx & ~0x80000000; }'],
  },
  {
    names: ['!msrread', '!msread'],
    family: 'Events (hooks)',
    summary: 'Triggers when the guest reads an MSR (RDMSR), all or one.',
    syntax: [`!msrread [Msr] ${EVENT_TAIL}`],
    options: [['Msr', 'only this MSR number (hex), e.g. c0000082 for LSTAR'], ...EVENT_OPTIONS],
    examples: ['!msrread c0000082'],
  },
  {
    names: ['!msrwrite'],
    family: 'Events (hooks)',
    summary: 'Triggers when the guest writes an MSR (WRMSR), all or one.',
    syntax: [`!msrwrite [Msr] ${EVENT_TAIL}`],
    options: EVENT_OPTIONS,
    examples: ['!msrwrite c0000082 sc on'],
  },
  {
    names: ['!exception'],
    family: 'Events (hooks)',
    summary: 'Triggers on exceptions (IDT vectors 0-31), all or one.',
    syntax: [`!exception [IdtIndex] ${EVENT_TAIL}`],
    options: [['IdtIndex', 'vector below 0x20, e.g. e for page faults'], ...EVENT_OPTIONS],
    examples: ['!exception e', '!exception 3 core 0'],
  },
  {
    names: ['!interrupt'],
    family: 'Events (hooks)',
    summary: 'Triggers on external interrupts (IDT vectors 32-255), all or one.',
    syntax: [`!interrupt [IdtIndex] ${EVENT_TAIL}`],
    options: [['IdtIndex', 'vector 0x20..0xff, e.g. d1 for the clock'], ...EVENT_OPTIONS],
    examples: ['!interrupt d1 core 1'],
  },
  {
    names: ['!tsc'],
    family: 'Events (hooks)',
    summary: 'Triggers when the guest reads the time-stamp counter (RDTSC/RDTSCP).',
    syntax: [`!tsc ${EVENT_TAIL}`],
    options: EVENT_OPTIONS,
    examples: ['!tsc pid 1c4'],
  },
  {
    names: ['!pmc'],
    family: 'Events (hooks)',
    summary: 'Triggers when the guest reads performance counters (RDPMC).',
    syntax: [`!pmc ${EVENT_TAIL}`],
    options: EVENT_OPTIONS,
    examples: ['!pmc'],
  },
  {
    names: ['!vmcall'],
    family: 'Events (hooks)',
    summary: 'Triggers when the guest executes VMCALL (hypercalls).',
    syntax: [`!vmcall ${EVENT_TAIL}`],
    options: EVENT_OPTIONS,
    examples: ['!vmcall script { printf("hypercall %llx\\n", @rcx); }'],
  },
  {
    names: ['!ioin'],
    family: 'Events (hooks)',
    summary: 'Triggers when the guest reads an I/O port (IN), all or one.',
    syntax: [`!ioin [Port] ${EVENT_TAIL}`],
    options: [['Port', 'only this port (hex), e.g. 60 for the keyboard'], ...EVENT_OPTIONS],
    examples: ['!ioin 60'],
  },
  {
    names: ['!ioout', '!iout'],
    family: 'Events (hooks)',
    summary: 'Triggers when the guest writes an I/O port (OUT), all or one.',
    syntax: [`!ioout [Port] ${EVENT_TAIL}`],
    options: EVENT_OPTIONS,
    examples: ['!ioout 3f8'],
  },
  {
    names: ['!dr'],
    family: 'Events (hooks)',
    summary: 'Triggers when the guest accesses a debug register (MOV to/from DR0-DR7).',
    syntax: [`!dr ${EVENT_TAIL}`],
    options: EVENT_OPTIONS,
    examples: ['!dr sc on'],
  },
  {
    names: ['!crwrite'],
    family: 'Events (hooks)',
    summary: 'Triggers when the guest writes a control register (CR0 or CR4), optionally only for some bits.',
    syntax: [`!crwrite [Cr] [Mask] ${EVENT_TAIL}`],
    options: [['Cr', '0 or 4'], ['Mask', 'only writes that change these bits (hex)'], ...EVENT_OPTIONS],
    examples: ['!crwrite 4', '!crwrite 0 10000'],
  },
  {
    names: ['!xsetbv'],
    family: 'Events (hooks)',
    summary: 'Triggers when the guest executes XSETBV (writes an extended control register).',
    syntax: [`!xsetbv [Xcr] ${EVENT_TAIL}`],
    options: EVENT_OPTIONS,
    examples: ['!xsetbv 0'],
  },
  {
    names: ['!mode'],
    family: 'Events (hooks)',
    summary: 'Triggers on transitions between user mode and kernel mode of one process (needs pid).',
    syntax: [`!mode [u|k|uk] pid [PID] ${EVENT_TAIL}`],
    options: [
      ['u / k / uk', 'kernel-to-user transitions, user-to-kernel transitions, or both'],
      ...EVENT_OPTIONS,
    ],
    examples: ['!mode u pid 1c4'],
  },
  {
    names: ['!trace'],
    family: 'Events (hooks)',
    summary:
      'Traces execution with the trap flag: step-in, step-out or instrumented step of the tracked thread.',
    syntax: [`!trace [step-in|step-out|step-instrument] ${EVENT_TAIL}`],
    options: EVENT_OPTIONS,
    examples: ['!trace step-out'],
  },
  {
    names: ['!track', 'track'],
    family: 'Events (hooks)',
    summary:
      'Follows calls and returns of the halted thread for a number of instructions and prints them as a tree or with registers.',
    syntax: ['!track [tree] [Count]', '!track [reg] [Count]'],
    examples: ['!track tree 1000', '!track reg 100'],
  },
  {
    names: ['!hide'],
    family: 'Events (hooks)',
    summary: 'Hides the hypervisor from a process (transparent mode: timing and CPUID checks see no VM).',
    syntax: ['!hide'],
    examples: ['!hide'],
  },
  {
    names: ['!unhide'],
    family: 'Events (hooks)',
    summary: 'Leaves transparent mode (undoes !hide).',
    syntax: ['!unhide'],
    examples: ['!unhide'],
  },
  {
    names: ['!measure'],
    family: 'Events (hooks)',
    summary: 'Measures the timing and CPUID values transparent mode will imitate (run before !hide).',
    syntax: ['!measure', '!measure default'],
    examples: ['!measure default'],
  },
  // Event management and pools
  {
    names: ['events', 'event'],
    family: 'Event management and pools',
    summary:
      'Lists the active events, or enables, disables or clears one (by id) or all; sc sets short-circuiting for the current hit.',
    syntax: ['events', 'events [e|d|c] [Id|all]', 'events sc [on|off]'],
    options: [
      ['e / d / c', 'enable, disable or clear (remove)'],
      ['Id', 'the event id events lists (hex)'],
    ],
    examples: ['events', 'events d 1', 'events c all'],
  },
  {
    names: ['prealloc', 'preallocate', 'preallocation'],
    family: 'Event management and pools',
    summary:
      'Reserves pools for events that cannot allocate when they are created (instant events, epthook2, monitor, buffers).',
    syntax: ['prealloc [Type] [Count]'],
    options: [
      [
        'Type',
        'thread-interception, monitor, epthook, epthook2, regular-event, big-event, regular-safe-buffer, big-safe-buffer',
      ],
      ['Count', 'how many (hex)'],
    ],
    examples: ['prealloc epthook2 4', 'prealloc regular-event 10'],
  },
  {
    names: ['preactivate', 'preactivation', 'preactive'],
    family: 'Event management and pools',
    summary: 'Turns on a mechanism an event type needs before such events are created (e.g. mode for !mode).',
    syntax: ['preactivate [Type]'],
    examples: ['preactivate mode'],
  },
  {
    names: ['flush'],
    family: 'Event management and pools',
    summary: "Drops the messages still waiting in the debuggee's buffers.",
    syntax: ['flush'],
    examples: ['flush'],
  },
  {
    names: ['output'],
    family: 'Event management and pools',
    summary:
      'Creates, opens and closes output sources that events can send their output to (file, named pipe, TCP, module).',
    syntax: [
      'output',
      'output create [Name] [file|namedpipe|tcp|module] [Address]',
      'output [open|close] [Name]',
    ],
    examples: [
      'output create MyLog file c:\\logs\\events.txt',
      'output open MyLog',
      '!syscall output {MyLog}',
    ],
  },
  // Hardware and platform
  {
    names: ['rdmsr'],
    family: 'Hardware and platform',
    summary: 'Reads an MSR on every core, or on one.',
    syntax: ['rdmsr [Msr] [core N]'],
    examples: ['rdmsr c0000082', 'rdmsr 1b core 0'],
  },
  {
    names: ['wrmsr'],
    family: 'Hardware and platform',
    summary: 'Writes an MSR on every core, or on one.',
    syntax: ['wrmsr [Msr] [Value] [core N]'],
    examples: ['wrmsr c0000082 fffff80163a0e170 core 1'],
  },
  {
    names: ['cpu'],
    family: 'Hardware and platform',
    summary: "Shows the processor's features that HyperDbg relies on (VMX, EPT, ...).",
    syntax: ['cpu'],
    examples: ['cpu'],
  },
  {
    names: ['ucpuid', 'cpuid'],
    family: 'Hardware and platform',
    summary: 'Runs CPUID with a leaf and optional sub-leaf on the debuggee and shows eax, ebx, ecx, edx.',
    syntax: ['ucpuid [Function] [SubFunction]'],
    examples: ['ucpuid 1', 'ucpuid 7 0'],
  },
  {
    names: ['!idt'],
    family: 'Hardware and platform',
    summary: "Shows the interrupt descriptor table (all entries, or one) with the handlers' symbols.",
    syntax: ['!idt', '!idt [Entry]'],
    examples: ['!idt', '!idt e'],
  },
  {
    names: ['!apic', '!lapic', '!localapic'],
    family: 'Hardware and platform',
    summary: "Shows the local APIC's registers (xAPIC or x2APIC) of the current core.",
    syntax: ['!apic'],
    examples: ['!apic'],
  },
  {
    names: ['!ioapic'],
    family: 'Hardware and platform',
    summary: "Shows the I/O APIC's redirection entries.",
    syntax: ['!ioapic'],
    examples: ['!ioapic'],
  },
  {
    names: ['!pcitree', '!pcietree'],
    family: 'Hardware and platform',
    summary: 'Lists the PCI/PCIe devices as bus:device.function with vendor and device names.',
    syntax: ['!pcitree'],
    examples: ['!pcitree'],
  },
  {
    names: ['!pcicam'],
    family: 'Hardware and platform',
    summary: "Shows a PCI device's configuration space, decoded or as a raw dump.",
    syntax: ['!pcicam [Bus] [Device] [Function]', '!pcicam [Bus] [Device] [Function] dump'],
    examples: ['!pcicam 0 1f 3', '!pcicam 0 2 0 dump'],
  },
  {
    names: ['!smi'],
    family: 'Hardware and platform',
    summary: 'Shows the SMI count or triggers a system-management interrupt.',
    syntax: ['!smi count', '!smi trigger'],
    examples: ['!smi count'],
  },
  {
    names: ['!lbr'],
    family: 'Hardware and platform',
    summary: 'Controls last-branch recording: enable, disable, flush, or filter out branch kinds.',
    syntax: ['!lbr [enable|disable|flush]', '!lbr filter [FilterOptions ...]'],
    options: [
      [
        'FilterOptions',
        'kinds NOT to record: kernel, user, jcc, rel_call, ind_call, return, ind_jmp, rel_jmp, far, other_branches, call_stack',
      ],
    ],
    examples: ['!lbr enable', '!lbr filter kernel jcc'],
  },
  {
    names: ['!lbrdump', '!lbrdmp', '!lbrprint'],
    family: 'Hardware and platform',
    summary: 'Shows the last-branch records (from → to) of the current or a given core.',
    syntax: ['!lbrdump [core N]'],
    examples: ['!lbrdump', '!lbrdump core 1'],
  },
  {
    names: ['!pt'],
    family: 'Hardware and platform',
    summary: 'Intel Processor Trace control (forwarded to the debuggee; not documented for v0.23).',
    syntax: ['!pt [Arguments]'],
    examples: ['!pt'],
  },
  {
    names: ['!rev', 'rev'],
    family: 'Hardware and platform',
    summary: "Reversing machine (HyperDbg's reverse-engineering helper) commands, forwarded to the debuggee.",
    syntax: ['!rev [Arguments]'],
    examples: ['!rev'],
  },
  {
    names: ['!hw', '!hw_clk', '!hw_clock', '!hwdbg_clock'],
    family: 'Hardware and platform',
    summary:
      "hwdbg (HyperDbg's FPGA hardware debugger) commands, forwarded to the debuggee's HyperDbg; without hwdbg's instance-info file there, `script` and `!hw_clk` stop at loading it.",
    syntax: ['!hw script { Script }', '!hw eval { Script }', '!hw unload', '!hw_clk script { Script }'],
    examples: ['!hw script { @hw_pin1 = 0; }', '!hw unload'],
  },
  // Session and console
  {
    names: ['.debug', 'debug'],
    family: 'Session and console',
    summary:
      'Connects to a debuggee over serial or a named pipe, prepares this machine as a debuggee, or closes the session.',
    syntax: [
      '.debug remote [serial|namedpipe] [pause] [Baud] [Port]',
      '.debug prepare serial [Baud] [Port]',
      '.debug close',
    ],
    options: [
      ['Baud', '110 ... 256000, usually 115200 (serial only)'],
      ['Port', 'com1..com4, or the pipe \\\\.\\pipe\\name'],
      ['pause', 'halt the debuggee as soon as it connects'],
    ],
    examples: [
      '.debug remote namedpipe \\\\.\\pipe\\com_2',
      '.debug prepare serial 115200 com2',
      '.debug close',
    ],
    note: 'In HyperDbg Studio the Connect pane (or hds connect) opens the link; .debug close ends it.',
  },
  {
    names: ['.connect', 'connect'],
    family: 'Session and console',
    summary:
      'VMI mode: connects to a local or remote HyperDbg; in Debugger Mode it only says a session is already on.',
    syntax: ['.connect local', '.connect [Ip] [Port]'],
    examples: ['.connect local', '.connect 192.168.1.10 50000'],
  },
  {
    names: ['.listen', 'listen'],
    family: 'Session and console',
    summary: 'VMI mode: waits for a remote HyperDbg to connect on a TCP port.',
    syntax: ['.listen [Port]'],
    examples: ['.listen 50000'],
  },
  {
    names: ['.disconnect', 'disconnect'],
    family: 'Session and console',
    summary: 'VMI mode: disconnects from the machine connected with .connect.',
    syntax: ['.disconnect'],
    examples: ['.disconnect'],
  },
  {
    names: ['.status', 'status'],
    family: 'Session and console',
    summary: 'Says whether a debuggee is connected and how.',
    syntax: ['.status'],
    examples: ['.status'],
  },
  {
    names: ['load'],
    family: 'Session and console',
    summary: 'Loads a HyperDbg module (the vmm) on the debuggee.',
    syntax: ['load [ModuleName]'],
    examples: ['load vmm'],
  },
  {
    names: ['unload'],
    family: 'Session and console',
    summary: 'Unloads a HyperDbg module (remove also deletes its driver service).',
    syntax: ['unload [remove] [ModuleName]'],
    examples: ['unload vmm', 'unload remove vmm'],
  },
  {
    names: ['.load'],
    family: 'Session and console',
    summary: "Loads HyperDbg's kernel modules on the debuggee (as load vmm).",
    syntax: ['.load'],
    examples: ['.load'],
  },
  {
    names: ['settings', 'setting', '.setting', '.settings'],
    family: 'Session and console',
    summary: 'Shows or changes a debugger setting.',
    syntax: ['settings [Option]', 'settings [Option] [on|off|Value]'],
    options: [
      [
        'autounpause on|off',
        'on (default): a new event ends a break-in made with pause/Ctrl+C, so its messages flow',
      ],
      [
        'autoflush on|off',
        'on: disabling or clearing an event also drops its pending messages (default off)',
      ],
      ['addressconversion on|off', 'on (default): disassembly names addresses by their symbols'],
      ['syntax intel|att|masm', "the disassembler's syntax (default intel)"],
    ],
    examples: ['settings autounpause', 'settings syntax att', 'settings addressconversion on'],
  },
  {
    names: ['test', '.test'],
    family: 'Session and console',
    summary: "Runs HyperDbg's self-tests and diagnostics (e.g. pool counts, trap flag state).",
    syntax: ['test [Task]'],
    options: [['Task', "pool, query, trap-status, breakpoint ... (HyperDbg's internal checks)"]],
    examples: ['test pool', 'test query'],
  },
  {
    names: ['sleep'],
    family: 'Session and console',
    summary: 'Waits here on the debugger for a number of milliseconds (useful in .script files).',
    syntax: ['sleep [Milliseconds]'],
    options: [['Milliseconds', 'hex, like every HyperDbg number (3e8 = 1000 ms)']],
    examples: ['sleep 3e8'],
  },
  {
    names: ['.cls', 'cls', 'clear'],
    family: 'Session and console',
    summary: 'Clears the console window (the stored logs are kept).',
    syntax: ['.cls'],
    examples: ['.cls'],
  },
  {
    names: ['.logopen'],
    family: 'Session and console',
    summary: 'Copies everything the console prints into a file from now on.',
    syntax: ['.logopen [FilePath]'],
    examples: ['.logopen c:\\logs\\session.txt'],
  },
  {
    names: ['.logclose'],
    family: 'Session and console',
    summary: 'Stops copying the console into the file opened with .logopen.',
    syntax: ['.logclose'],
    examples: ['.logclose'],
  },
  {
    names: ['help', '.help', '.hh', '!help'],
    family: 'Session and console',
    summary: 'Lists every command by family, or explains one: syntax, options and examples.',
    syntax: ['.help', '.help [Command]'],
    examples: ['.help', '.help !epthook', '.help bp'],
  },
  {
    names: ['exit', '.exit'],
    family: 'Session and console',
    summary: 'Closes the session (like .debug close) and leaves the debugger.',
    syntax: ['exit'],
    examples: ['exit'],
  },
  // Scripts
  {
    names: ['.script', 'script'],
    family: 'Scripts and output',
    summary: 'Runs a file of debugger commands, one a line; arguments are $arg1, $arg2 ... inside it.',
    syntax: ['.script [FilePath] [Arguments ...]'],
    examples: ['.script c:\\scripts\\hooks.ds', '.script c:\\scripts\\watch.ds 1c4'],
  },
];
