// React access to the stores and the IPC client. Panes select narrow slices so a log flood
// re-renders the Logs pane and the status bar, not the whole window.
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { IpcClient } from '../../shared/ipc/client';
import type { SessionStore } from '../state/session-store';
import type { SessionView } from '../state/session-reducer';
import type { SessionStoreActions } from '../state/session-store';
import type { UiState } from '../state/ui-store';

export interface AppServices {
  readonly client: IpcClient;
  readonly session: SessionStore;
  readonly ui: StoreApi<UiState>;
}

const ServicesContext = createContext<AppServices | null>(null);

export function ServicesProvider({ services, children }: { services: AppServices; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside ServicesProvider');
  return services;
}

export function useSession<T>(selector: (s: SessionView & SessionStoreActions) => T): T {
  return useStore(useServices().session, selector);
}

export function useUi<T>(selector: (s: UiState) => T): T {
  return useStore(useServices().ui, selector);
}
