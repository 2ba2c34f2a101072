// Where an export goes in the Electron app: the save dialog asks the user (main.ts passes
// Electron's `dialog.showSaveDialog`, tests a fake). Browser mode has no chooser: main writes to
// its export folder and the page downloads the file.
import { extname, join } from 'node:path';
import type { ExportFormat } from '../logs/log-format';

/** The part of Electron's `SaveDialogOptions` used here. */
export interface SaveDialogRequest {
  readonly title: string;
  readonly defaultPath: string;
  readonly filters: { name: string; extensions: string[] }[];
}

/** Electron's `dialog.showSaveDialog` (bound to the focused window, if any). */
export type ShowSaveDialog = (
  request: SaveDialogRequest,
) => Promise<{ readonly canceled: boolean; readonly filePath?: string }>;

/**
 * The host's `chooseExportPath`: the chosen file, with the format's extension added when the name
 * has none (the Linux dialog does not add it); null when the user cancelled.
 */
export function exportPathChooser(
  showSaveDialog: ShowSaveDialog,
  defaultFolder: string,
): (format: ExportFormat) => Promise<string | null> {
  return async (format) => {
    const chosen = await showSaveDialog({
      title: 'Export logs',
      defaultPath: join(defaultFolder, `hds-logs.${format}`),
      filters: [{ name: format === 'csv' ? 'CSV' : 'JSON lines', extensions: [format] }],
    });
    if (chosen.canceled || !chosen.filePath) return null;
    return extname(chosen.filePath) === '' ? `${chosen.filePath}.${format}` : chosen.filePath;
  };
}
