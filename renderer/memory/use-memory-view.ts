// The Memory pane's data: the address (typed as any expression, or requested by another pane),
// the bytes read at each halt, the symbols of pointer values, and writes.
import { useCallback, useEffect, useState } from 'react';
import type { MemoryKind } from '../../shared/ipc';
import { useServices, useSession, useUi } from '../app/context';
import { resolveAddress } from '../state/address-expression';
import { errorText } from '../ui/errors';
import { addHex } from '../ui/format';
import { isPointerFormat, memoryRows, type MemoryFormat } from './memory-format';

export const VIEW_BYTES = 512;

export function useMemoryView(format: MemoryFormat, kind: MemoryKind) {
  const { client } = useServices();
  const requested = useUi((s) => s.memoryRequest);
  const generation = useSession((s) => s.pauseGeneration);
  const paused = useSession((s) => s.session.phase === 'paused');
  const [address, setAddress] = useState<string | null>(null);
  const [bytes, setBytes] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [symbols, setSymbols] = useState<ReadonlyMap<string, string>>(new Map());

  useEffect(() => {
    if (requested) setAddress(requested.address);
  }, [requested]);

  const load = useCallback(async () => {
    if (!address) return;
    try {
      const r = await client.invoke('memory:read', { kind, address, length: VIEW_BYTES });
      setBytes(r.bytes);
      setMessage(r.message);
    } catch (e) {
      setBytes('');
      setMessage(errorText(e));
    }
  }, [client, kind, address]);

  useEffect(() => {
    if (paused) void load();
  }, [load, generation, paused]);

  // Pointer views name every value that symbols know (`module!name+0x..`).
  useEffect(() => {
    if (!isPointerFormat(format) || bytes === '') return;
    const values = [
      ...new Set(
        memoryRows(bytes, VIEW_BYTES, format)
          .flatMap((row) => row.cells.map((cell) => cell.value))
          .filter((v): v is string => v !== null && v !== '0000000000000000')
          .map((v) => v.replace(/^0+(?=.)/, '')),
      ),
    ];
    if (values.length === 0) return;
    let stale = false;
    client.invoke('symbols:describe', { addresses: values }).then(
      ({ names }) => {
        if (stale) return;
        const found = new Map<string, string>();
        values.forEach((v, i) => names[i] && found.set(v, names[i]));
        setSymbols(found);
      },
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [client, bytes, format]);

  /** Goes to a typed address expression; resolves with the error to show in place, or null. */
  const goTo = async (text: string): Promise<string | null> => {
    const result = await resolveAddress(client, text);
    if (!result.ok) return result.error;
    setAddress(result.value);
    return null;
  };

  const write = async (offset: number, hexBytes: string): Promise<void> => {
    if (!address) return;
    try {
      const r = await client.invoke('memory:write', {
        kind,
        address: addHex(address, offset),
        bytes: hexBytes,
      });
      if (!r.ok) setMessage(r.message);
      await load();
    } catch (e) {
      setMessage(errorText(e));
    }
  };

  return {
    address,
    bytes,
    message,
    symbols,
    paused,
    goTo,
    follow: (value: string) => setAddress(value.replace(/^0+(?=.)/, '')),
    page: (delta: number) => address && setAddress(addHex(address, delta * VIEW_BYTES)),
    write,
    setMessage,
  };
}
