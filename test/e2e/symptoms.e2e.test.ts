// End-to-end: symptoms of issue 14's review that no other e2e drives, at both window sizes against
// the simulator: Ctrl+C in the console breaks in, Alt+digit follows WinDbg's pane numbers, a
// script-action event counts its hits, refreshing the pools prints nothing, an exhausted
// TRACKING_HOOKED_PAGES pool warns with its prealloc remedy, and the Logs search survives a tab switch.
import { describe, expect, it } from 'vitest';
import { buildRenderer, STEP_TIMEOUT, suiteStudio, VIEWPORTS, WAIT } from './harness';

const renderer = buildRenderer('e2e-symptoms');

/** Pages of the simulated hyperkd.sys data section, one `!monitor` each: more than the 20 tracking slots. */
const MONITORED_PAGES = Array.from({ length: 21 }, (_, i) =>
  (0xfffff80170a10000n + BigInt(i) * 0x1000n).toString(16),
);

describe.each(VIEWPORTS)('issue 14 symptoms at $width×$height', (viewport) => {
  const studio = suiteStudio(renderer, viewport, `symptoms-${viewport.width}x${viewport.height}`);

  it(
    'counts the hits of a script-action event and breaks in with Ctrl+C typed in the console',
    async () => {
      const { page } = studio;
      await studio.connectSimulator();
      if ((await studio.phase()) !== 'paused') await studio.pause();
      await studio.consoleRun('!cpuid script { printf("cpuid leaf %x\\n", @eax); }');
      await studio.openTab('events');
      const row = page.locator('[data-testid^=event-row-]').last();
      await row.waitFor({ timeout: WAIT });
      await studio.consoleRun('g');
      await studio.waitPhase('running');
      await studio.openTab('events');
      await expect
        .poll(async () => Number(await row.getByTestId('hits-pre').textContent()), { timeout: WAIT })
        .toBeGreaterThan(0);
      // Ctrl+C with nothing selected in the console's input pauses, as the console's hint says.
      await studio.openTab('console');
      await page.getByTestId('console-input').press('Control+c');
      await studio.waitPhase('paused');
      await studio.openTab('events');
      await studio.shot('script-event-hits');
      expect(studio.pageErrors).toEqual([]);
    },
    STEP_TIMEOUT,
  );

  it(
    "focuses panes with WinDbg's Alt+digit numbers",
    async () => {
      const { page } = studio;
      for (const [digit, pane] of [
        ['1', 'console'],
        ['4', 'registers'],
        ['5', 'memory'],
        ['6', 'callstack'],
        ['7', 'disassembly'],
      ] as const) {
        await page.keyboard.press(`Alt+${digit}`);
        await expect
          .poll(() => page.getByTestId(`tab-${pane}`).getAttribute('aria-selected'), { timeout: WAIT })
          .toBe('true');
        await expect
          .poll(
            () =>
              page.getByTestId(`pane-${pane}`).evaluate((el) => el.contains(el.ownerDocument.activeElement)),
            {
              timeout: WAIT,
            },
          )
          .toBe(true);
      }
    },
    STEP_TIMEOUT,
  );

  it(
    'refreshes the pools without printing, and warns with a prealloc remedy when TRACKING_HOOKED_PAGES runs out',
    async () => {
      const { page } = studio;
      if ((await studio.phase()) !== 'paused') await studio.pause();
      const printed = await studio.consoleText();
      await studio.openTab('pools');
      await page.getByTestId('pool-refresh').click();
      await expect
        .poll(() => page.getByTestId('pool-refresh').textContent(), { timeout: WAIT })
        .toBe('Refresh (test pool)');
      expect(await studio.consoleText()).toBe(printed);
      for (const page4k of MONITORED_PAGES)
        await studio.consoleRun(`!monitor r ${page4k} ${page4k.slice(0, -3)}fff`);
      await studio.openTab('pools');
      const tracking = page.getByTestId('pool-warning').filter({ hasText: 'TRACKING_HOOKED_PAGES' });
      await tracking.waitFor({ timeout: WAIT });
      expect(await tracking.textContent()).toMatch(/0xc0000\w+/);
      await expect
        .poll(() => tracking.getByRole('button', { name: /prealloc/ }).count(), { timeout: WAIT })
        .toBeGreaterThan(0);
      await tracking.scrollIntoViewIfNeeded();
      await studio.shot('pools-tracking-exhausted');
    },
    STEP_TIMEOUT,
  );

  it(
    'keeps the Logs search and filters across a tab switch',
    async () => {
      const { page } = studio;
      await studio.openTab('logs');
      await page.getByLabel('search logs').fill('cpuid leaf');
      await page.getByLabel('filter by core').fill('0');
      await studio.openTab('console');
      await studio.openTab('logs');
      expect(await page.getByLabel('search logs').inputValue()).toBe('cpuid leaf');
      expect(await page.getByLabel('filter by core').inputValue()).toBe('0');
      expect(studio.pageErrors).toEqual([]);
    },
    STEP_TIMEOUT,
  );
});
