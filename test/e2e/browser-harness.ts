// A browser-mode HyperDbg Studio for the focused e2e specs (Connect, script editor, console help):
// one private renderer build per spec file, a host with a fresh settings folder, and Debian's
// Chromium with the project's flags. Screenshots go to test-results/e2e/<spec>/<size>/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import {
  startBrowserHost,
  type BrowserHostHandle,
  type BrowserHostOptions,
} from '../../electron/host/browser-host';

/** The two window sizes: a roomy desktop and the smallest laptop layout we support. */
export const VIEWPORTS = [
  { width: 1600, height: 1000 },
  { width: 1280, height: 720 },
] as const;
export const WAIT = 30_000;
export const STEP_TIMEOUT = 90_000;

/** Builds the renderer into a folder of the spec's own (other runs may rebuild dist/renderer meanwhile). */
export function buildRenderer(spec: string): { dir: string; built: Promise<unknown> } {
  const dir = join(process.cwd(), 'test-results', `e2e-renderer-${spec}`);
  const built = build({
    configFile: join(process.cwd(), 'vite.config.ts'),
    logLevel: 'warn',
    // Unminified, so an error a pane reports names the real function.
    build: { outDir: dir, emptyOutDir: true, minify: false },
  });
  return { dir, built };
}

export interface OpenedStudio {
  readonly host: BrowserHostHandle;
  readonly browser: Browser;
  readonly page: Page;
  readonly pageErrors: string[];
  /** Saves a screenshot of the whole window as <name>.png in this size's folder. */
  shot(name: string): Promise<string>;
  openTab(pane: string): Promise<void>;
  close(): Promise<void>;
}

export async function openStudio(
  spec: string,
  viewport: { width: number; height: number },
  rendererDir: string,
  hostOptions: BrowserHostOptions = {},
): Promise<OpenedStudio> {
  const shots = join(process.cwd(), 'test-results', 'e2e', spec, `${viewport.width}x${viewport.height}`);
  mkdirSync(shots, { recursive: true });
  const host = await startBrowserHost({
    rendererDir,
    simOptions: { seed: 7, hitsPerSecond: 50 },
    ...hostOptions,
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.goto(host.url);
  return {
    host,
    browser,
    page,
    pageErrors,
    shot: async (name) => {
      const path = join(shots, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
    openTab: async (pane) => {
      await page.getByTestId(`tab-${pane}`).click({ timeout: WAIT });
      await page.getByTestId(`pane-${pane}`).waitFor({ timeout: WAIT });
    },
    close: async () => {
      await browser.close();
      await host.close();
    },
  };
}
