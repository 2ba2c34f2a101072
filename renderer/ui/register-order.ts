// The Registers pane's order: rip and rflags first, so where the core is stays in view in the
// smallest layout (1280×720), then the rest as the debuggee reported them.
const PINNED = ['rip', 'rflags'];

export function registerDisplayOrder<T extends { readonly name: string }>(registers: readonly T[]): T[] {
  const pinned = PINNED.flatMap((name) => registers.filter((r) => r.name === name));
  return [...pinned, ...registers.filter((r) => !PINNED.includes(r.name))];
}
