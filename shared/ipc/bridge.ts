// Names shared by the Electron preload script and the renderer. Kept free of imports so the
// preload bundle stays tiny (it does not need the schemas: main validates every call).

/** Name of the global the Electron preload exposes the transport under. */
export const IPC_BRIDGE_KEY = 'hdsIpc';
/** Electron channel carrying every contract call: (contractChannel, payload) → InvokeOutcome. */
export const ELECTRON_INVOKE_CHANNEL = 'hds:invoke';
/** Electron channel carrying every push: (contractChannel, payload). */
export const ELECTRON_PUSH_CHANNEL = 'hds:push';
