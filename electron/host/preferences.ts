// Settings, persisted as JSON under the user's data folder (Electron's userData,
// or ~/.config/hyperdbg-studio in browser mode). A corrupt file falls back to defaults instead of
// blocking start-up; the reason is kept for the console.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_SETTINGS, Settings } from '../../shared/ipc';

/**
 * The stored file as read: keys an older version wrote and this one no longer has (`theme`,
 * `logsFollowTail`, `enterRepeatsLastStep`) are dropped instead of making the whole file invalid.
 */
const StoredSettings = z.object(Settings.shape).partial();

export class PreferencesStore {
  private settings: Settings | undefined;
  /** Why a file was ignored at load, for the console; empty when all loaded. */
  readonly problems: string[] = [];

  constructor(private readonly folder: string) {}

  async getSettings(): Promise<Settings> {
    if (this.settings === undefined) {
      const raw = await this.readJson('settings.json');
      const parsed = StoredSettings.safeParse(raw ?? {});
      if (!parsed.success)
        this.problems.push(`settings.json was not valid and was ignored: ${parsed.error.issues[0]?.message}`);
      this.settings = { ...DEFAULT_SETTINGS, ...(parsed.success ? parsed.data : {}) };
    }
    return this.settings;
  }

  async updateSettings(patch: Partial<Settings>): Promise<Settings> {
    const next = Settings.parse({ ...(await this.getSettings()), ...patch });
    await this.writeJson('settings.json', next);
    this.settings = next;
    return next;
  }

  private async readJson(file: string): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(join(this.folder, file), 'utf8');
    } catch {
      return null; // first run
    }
    try {
      return JSON.parse(text);
    } catch {
      this.problems.push(`${join(this.folder, file)} is not valid JSON and was ignored`);
      return null;
    }
  }

  /** Write-then-rename so a crash mid-write never leaves a truncated file behind. */
  private async writeJson(file: string, value: unknown): Promise<void> {
    await mkdir(this.folder, { recursive: true });
    const target = join(this.folder, file);
    const temporary = `${target}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(value, null, 2));
    await rename(temporary, target);
  }
}
