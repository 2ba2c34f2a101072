/**
 * Machine code of the simulated modules that have no committed image (the debuggee's own
 * user-mode hyperdbg-cli.exe; the kernel modules and ntdll come from simulator/images): every
 * function has a compiler-shaped prologue and epilogue (`mov [rsp+8],rbx; push rdi; sub rsp,20h`
 * … `add rsp,20h; pop rdi; ret`) and calls form chains that end in leaves. Nothing reads this
 * layout by offset: the simulator finds instructions by decoding (code-sites.ts).
 */

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
): Uint8Array {
  const fn = functions[index];
  const callee =
    index % CHAIN_LENGTH !== CHAIN_LENGTH - 1 && index + 1 < functions.length
      ? functions[index + 1]
      : undefined;
  return compiledShape(fn.address, callee?.address);
}

function compiledShape(address: bigint, callee: bigint | undefined): Uint8Array {
  // mov [rsp+8],rbx; push rdi; sub rsp,20h; mov rdi,rcx; test rdi,rdi
  const prologue = [
    0x48, 0x89, 0x5c, 0x24, 0x08, 0x57, 0x48, 0x83, 0xec, 0x20, 0x48, 0x8b, 0xf9, 0x48, 0x85, 0xff,
  ];
  const body = callee === undefined ? [] : call(address + BigInt(prologue.length + 2), callee);
  // mov rbx,[rsp+30h]; add rsp,20h; pop rdi; ret
  const epilogue = [0x48, 0x8b, 0x5c, 0x24, 0x30, 0x48, 0x83, 0xc4, 0x20, 0x5f, 0xc3];
  // je over the body to the epilogue
  return Uint8Array.from([...prologue, 0x74, body.length, ...body, ...epilogue]);
}

function call(at: bigint, target: bigint): number[] {
  return [0xe8, ...le32(Number(BigInt.asIntN(32, target - (at + 5n))))];
}

function le32(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}
