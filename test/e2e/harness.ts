// The browser end-to-end harness: a private renderer build, the browser-mode host on the built-in
// simulator, Debian's Chromium through playwright-core, and the helpers a test drives it with.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, expect } from 'vitest';
import { startBrowserHost, type BrowserHostHandle } from '../../electron/host/browser-host';

/** The two window sizes: a roomy desktop and the smallest laptop layout we support. */
export const VIEWPORTS = [
  { width: 1600, height: 1000 },
  { width: 1280, height: 720 },
] as const;

export const WAIT = 30_000;
export const STEP_TIMEOUT = 90_000;
const SHOTS_ROOT = join(process.cwd(), 'test-results', 'e2e');

/** A private build of the renderer: dist/renderer may be rebuilt by other runs while a page is open. */
export function buildRenderer(name: string): { dir: string; built: Promise<unknown> } {
  const dir = join(process.cwd(), 'test-results', `${name}-renderer`);
  const built = build({
    configFile: join(process.cwd(), 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: dir, emptyOutDir: true },
  });
  return { dir, built };
}

/**
 * The Studio of a test suite: opened before its tests (after the renderer build), closed after
 * them. Read it only inside tests and hooks; it forwards to the one opened for the suite.
 */
export function suiteStudio(
  renderer: { dir: string; built: Promise<unknown> },
  viewport: { width: number; height: number },
  shots: string,
): Studio {
  let opened: Studio | undefined;
  beforeAll(async () => {
    await renderer.built;
    opened = await openStudio({ rendererDir: renderer.dir, viewport, shots });
  }, 180_000);
  afterAll(async () => opened?.close());
  return new Proxy({} as Studio, {
    get(_target, key) {
      if (!opened) throw new Error('the Studio of this suite did not open (see the beforeAll error)');
      return opened[key as keyof Studio];
    },
  });
}

export interface Studio {
  readonly page: Page;
  /** The browser-mode host the page talks to (its URL, and its StudioHost for direct calls). */
  readonly host: BrowserHostHandle;
  readonly pageErrors: string[];
  shot(name: string): Promise<string>;
  phase(): Promise<string>;
  waitPhase(expected: string): Promise<void>;
  openTab(pane: string): Promise<void>;
  consoleRun(command: string): Promise<void>;
  consoleText(): Promise<string>;
  pause(): Promise<void>;
  /** Connects the Connect pane to the built-in simulator. */
  connectSimulator(): Promise<void>;
  close(): Promise<void>;
}

export async function openStudio(options: {
  rendererDir: string;
  viewport: { width: number; height: number };
  shots: string;
}): Promise<Studio> {
  const shots = join(SHOTS_ROOT, options.shots);
  mkdirSync(shots, { recursive: true });
  const host: BrowserHostHandle = await startBrowserHost({
    rendererDir: options.rendererDir,
    simOptions: { seed: 7, hitsPerSecond: 400 },
  });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const page = await browser.newPage({ viewport: options.viewport });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(host.url);
    const opened = browser;
    const phase = async () => (await page.getByTestId('status-state').textContent()) ?? '';
    const waitPhase = async (expected: string) => {
      await expect.poll(() => phase(), { timeout: WAIT }).toBe(expected);
    };
    const openTab = async (pane: string) => {
      try {
        await page.getByTestId(`tab-${pane}`).click({ timeout: WAIT });
        await page.getByTestId(`pane-${pane}`).waitFor({ timeout: WAIT });
      } catch (error) {
        throw new Error(
          `could not open the ${pane} pane (page errors: ${pageErrors.join(' | ') || 'none'}): ${String(error)}`,
        );
      }
      expect(await page.getByTestId('pane-error').allTextContents()).toEqual([]);
    };
    const consoleRun = async (command: string) => {
      await openTab('console');
      const input = page.getByTestId('console-input');
      await input.fill(command);
      await input.press('Enter');
    };
    return {
      page,
      host,
      pageErrors,
      async shot(name) {
        const path = join(shots, `${name}.png`);
        await page.screenshot({ path });
        return path;
      },
      phase,
      waitPhase,
      openTab,
      consoleRun,
      consoleText: async () => (await page.getByTestId('console-output').textContent()) ?? '',
      async pause() {
        await page.keyboard.press('Control+Pause');
        await waitPhase('paused');
      },
      async connectSimulator() {
        await openTab('connect');
        await page.getByLabel('link type').selectOption('sim');
        await expect.poll(() => page.getByTestId('endpoint-text').textContent()).toBe('sim');
        await page.getByTestId('connect-button').click();
        await expect.poll(() => phase(), { timeout: WAIT }).toMatch(/^(running|paused)$/);
      },
      async close() {
        await opened.close();
        await host.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await host.close();
    throw error;
  }
}
