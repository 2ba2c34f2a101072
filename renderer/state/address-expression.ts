// Every box that asks for an address (Memory, Disassembly, Breakpoints, go-to) reads it the way
// HyperDbg reads an address argument: plain hex at once, anything else (`@rsp+8`, `nt!Foo+10`,
// `poi(@rcx)`) evaluated by the paused debuggee through `expr:evaluate`. Nothing is printed
// to the console; the error comes back for the box to show in place.
import type { IpcClient } from '../../shared/ipc/client';
import { errorText } from '../ui/errors';
import { parseHexAddress } from '../ui/format';

export type AddressResult =
  { readonly ok: true; readonly value: string } | { readonly ok: false; readonly error: string };

export async function resolveAddress(client: IpcClient, text: string): Promise<AddressResult> {
  const trimmed = text.trim();
  if (trimmed === '')
    return { ok: false, error: 'enter an address, a symbol (nt!Foo) or an expression (@rsp+8)' };
  const hex = parseHexAddress(trimmed);
  if (hex !== null) return { ok: true, value: hex };
  try {
    return await client.invoke('expr:evaluate', { text: trimmed });
  } catch (error) {
    return { ok: false, error: errorText(error) };
  }
}
