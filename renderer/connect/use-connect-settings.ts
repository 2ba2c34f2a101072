// The settings the Connect pane reads: recent connections (the host records a successful link
// itself) and the configured default signature; reloaded after each connect.
import { useCallback, useEffect, useState } from 'react';
import { useServices } from '../app/context';
import type { Settings } from '../../shared/ipc/model';

export type RecentConnection = Settings['recentConnections'][number];

export interface ConnectSettings {
  readonly recent: readonly RecentConnection[];
  readonly defaultSignature: string | null;
  readonly loaded: boolean;
  reload(): void;
}

export function useConnectSettings(): ConnectSettings {
  const { client } = useServices();
  const [settings, setSettings] = useState<Settings | null>(null);
  const reload = useCallback(() => {
    client.invoke('settings:get', {}).then(setSettings, () => undefined);
  }, [client]);
  useEffect(reload, [reload]);
  return {
    recent: settings?.recentConnections ?? [],
    defaultSignature: settings?.defaultSignature ?? null,
    loaded: settings !== null,
    reload,
  };
}
