// The only module that touches `ipcMain`. It forwards every contract call to StudioHost (which
// validates it against shared/ipc) after checking that it comes from our own window's main frame
// showing our own renderer, and pushes batches back to that window.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { ELECTRON_INVOKE_CHANNEL, ELECTRON_PUSH_CHANNEL, type InvokeOutcome } from '../../shared/ipc';
import type { StudioHost } from './studio-host';

/** Origin the renderer is served from (registered by main.ts as a privileged scheme). */
export const RENDERER_ORIGIN = 'app://renderer';

/**
 * Whether a URL belongs to our renderer. Compares scheme and host: Node's URL gives the origin
 * "null" for schemes it does not know, so `.origin` cannot be used in the main process.
 */
export function isRendererUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'app:' && url.host === 'renderer';
  } catch {
    return false;
  }
}

function isOurFrame(window: BrowserWindow, event: IpcMainInvokeEvent): boolean {
  if (window.isDestroyed() || event.sender !== window.webContents) return false;
  const frame = event.senderFrame;
  if (frame === null || frame !== window.webContents.mainFrame) return false;
  return isRendererUrl(frame.url);
}

/** Serves the contract to one window; returns the function that stops it. */
export function connectWindowToHost(window: BrowserWindow, host: StudioHost): () => void {
  ipcMain.handle(
    ELECTRON_INVOKE_CHANNEL,
    async (event, channel: unknown, payload: unknown): Promise<InvokeOutcome> => {
      if (!isOurFrame(window, event)) {
        return {
          ok: false,
          error: {
            code: 'forbidden',
            message: 'IPC call from a frame that is not the HyperDbg Studio renderer',
            channel: null,
          },
        };
      }
      return host.invoke(channel, payload);
    },
  );
  const stopPushing = host.onPush((channel, payload) => {
    if (!window.isDestroyed()) window.webContents.send(ELECTRON_PUSH_CHANNEL, channel, payload);
  });
  return () => {
    ipcMain.removeHandler(ELECTRON_INVOKE_CHANNEL);
    stopPushing();
  };
}
