/**
 * Machine code of the simulated modules that have no committed image (the debuggee's own
 * user-mode hyperdbg-cli.exe; the kernel modules and ntdll come from simulator/images): every function has a
 * compiler-shaped prologue and epilogue (`mov [rsp+8],rbx; push rdi; sub rsp,20h` …
 * `add rsp,20h; pop rdi; ret`), calls form chains that end in leaves, and the instructions
 * the debugger's events trap (syscall, cpuid, rdmsr/wrmsr, in/out, loads and stores …) sit
 * inside named functions as compiled code has them. Nothing reads this layout by offset: the
 * simulator finds instruction sites by decoding (code-sites.ts).
 */

/** The trapped instruction a function contains, by function name. */
const SPECIAL_BLOCKS: Readonly<Record<string, readonly number[]>> = {
  // memory accesses through the first argument (monitors hit these)
  ExAllocatePoolWithTag: [0x48, 0x8b, 0x07, 0x48, 0x89, 0x47, 0x08], // mov rax,[rdi]; mov [rdi+8],rax
  ExFreePoolWithTag: [0x48, 0x8b, 0x47, 0x10, 0x48, 0x89, 0x07], // mov rax,[rdi+10h]; mov [rdi],rax
  MmCopyVirtualMemory: [0x48, 0x8b, 0x07, 0x48, 0x89, 0x47, 0x08],
  HalpCpuidQuery: [0x0f, 0xa2], // cpuid
  HalpReadMsr: [0x0f, 0x32], // rdmsr
  HalpWriteMsr: [0x0f, 0x30], // wrmsr
  HalpReadPortUchar: [0xec], // in al,dx
  HalpWritePortUchar: [0xee], // out dx,al
  HalpQueryTsc: [0x0f, 0x31], // rdtsc
  HalpQueryPerformanceCounter: [0x0f, 0x33], // rdpmc
  HalpWriteCr4: [0x0f, 0x22, 0xe0], // mov cr4,rax
  HalpWriteCr0: [0x0f, 0x22, 0xc0], // mov cr0,rax
  HalpReadDr7: [0x0f, 0x21, 0xf8], // mov rax,dr7
  HalpSetXcr0: [0x0f, 0x01, 0xd1], // xsetbv
  DbgBreakPointWithStatus: [0xcc], // int3
  AsmVmxVmcall: [0x0f, 0x01, 0xc1], // vmcall
};

/** ntdll's system-call stubs (user-mode images only) and the numbers they load into EAX. */
const SYSCALL_STUBS: Readonly<Record<string, number>> = {
  NtDeviceIoControlFile: 0x7,
  NtReadFile: 0x6,
  NtWriteFile: 0x8,
  NtClose: 0xf,
  NtCreateFile: 0x55,
};

/** Functions that call the next one in their module; every fourth one is a leaf (chains end). */
const CHAIN_LENGTH = 4;

export interface PlaceholderFunction {
  name: string;
  address: bigint;
}

/** Machine code of `functions[index]`; `functions` is its module's function list in address order. */
export function placeholderFunctionCode(
  functions: readonly PlaceholderFunction[],
  index: number,
  systemCallTarget: bigint | undefined,
  userMode: boolean,
): Uint8Array {
  const fn = functions[index];
  if (userMode && fn.name in SYSCALL_STUBS) return syscallStub(SYSCALL_STUBS[fn.name]);
  if (fn.name === 'KiSystemCall64' && systemCallTarget !== undefined)
    return systemCallEntry(fn.address, systemCallTarget);
  const callee =
    index % CHAIN_LENGTH !== CHAIN_LENGTH - 1 && index + 1 < functions.length
      ? functions[index + 1]
      : undefined;
  return compiledShape(fn.address, SPECIAL_BLOCKS[fn.name] ?? [], callee?.address);
}

/** `mov r10,rcx; mov eax,N; syscall; ret` as ntdll has them. */
function syscallStub(number: number): Uint8Array {
  return Uint8Array.from([0x4c, 0x8b, 0xd1, 0xb8, ...le32(number), 0x0f, 0x05, 0xc3]);
}

/**
 * A KiSystemCall64-like entry: swap to the kernel GS and stack, save the user return state,
 * call the service, restore and `sysretq`.
 */
function systemCallEntry(address: bigint, service: bigint): Uint8Array {
  const head = [
    0x0f,
    0x01,
    0xf8, // swapgs
    0x65,
    0x48,
    0x89,
    0x24,
    0x25,
    0x10,
    0x00,
    0x00,
    0x00, // mov gs:[10h],rsp
    0x65,
    0x48,
    0x8b,
    0x24,
    0x25,
    0xa8,
    0x01,
    0x00,
    0x00, // mov rsp,gs:[1A8h]
    0x51, // push rcx
    0x41,
    0x53, // push r11
    0x48,
    0x83,
    0xec,
    0x28, // sub rsp,28h
  ];
  const callAt = address + BigInt(head.length);
  const tail = [
    0x48,
    0x83,
    0xc4,
    0x28, // add rsp,28h
    0x41,
    0x5b, // pop r11
    0x59, // pop rcx
    0x65,
    0x48,
    0x8b,
    0x24,
    0x25,
    0x10,
    0x00,
    0x00,
    0x00, // mov rsp,gs:[10h]
    0x0f,
    0x01,
    0xf8, // swapgs
    0x48,
    0x0f,
    0x07, // sysretq
  ];
  return Uint8Array.from([...head, ...call(callAt, service), ...tail]);
}

function compiledShape(address: bigint, special: readonly number[], callee: bigint | undefined): Uint8Array {
  const prologue = [
    0x48,
    0x89,
    0x5c,
    0x24,
    0x08, // mov [rsp+8],rbx
    0x57, // push rdi
    0x48,
    0x83,
    0xec,
    0x20, // sub rsp,20h
    0x48,
    0x8b,
    0xf9, // mov rdi,rcx
    0x48,
    0x85,
    0xff, // test rdi,rdi
  ];
  const callBytes =
    callee === undefined ? [] : call(address + BigInt(prologue.length + 2 + special.length), callee);
  const body = [...special, ...callBytes];
  const epilogue = [
    0x48,
    0x8b,
    0x5c,
    0x24,
    0x30, // mov rbx,[rsp+30h]
    0x48,
    0x83,
    0xc4,
    0x20, // add rsp,20h
    0x5f, // pop rdi
    0xc3, // ret
  ];
  // je over the body to the epilogue
  return Uint8Array.from([...prologue, 0x74, body.length, ...body, ...epilogue]);
}

function call(at: bigint, target: bigint): number[] {
  return [0xe8, ...le32(Number(BigInt.asIntN(32, target - (at + 5n))))];
}

function le32(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}
