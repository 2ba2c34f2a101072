// The serial ports the host sees (the data of `hds connect --list-ports`), through the validated
// `ports:list` request; asked when the serial link is chosen and on Rescan.
import { useCallback, useEffect, useState } from 'react';
import { useServices } from '../app/context';
import type { SerialPortInfo } from '../../shared/ipc/model';
import { errorText, withoutErrPrefix } from '../ui/errors';

export interface SerialPorts {
  /** Null until the first answer. */
  readonly ports: readonly SerialPortInfo[] | null;
  readonly error: string | null;
  rescan(): void;
}

export function useSerialPorts(active: boolean): SerialPorts {
  const { client } = useServices();
  const [ports, setPorts] = useState<readonly SerialPortInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const rescan = useCallback(() => {
    setError(null);
    client.invoke('ports:list', {}).then(
      (r) => setPorts(r.ports),
      (e) => setError(withoutErrPrefix(errorText(e))),
    );
  }, [client]);
  useEffect(() => {
    if (active) rescan();
  }, [active, rescan]);
  return { ports, error, rescan };
}
