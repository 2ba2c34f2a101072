// End-to-end: the layout and the debuggee-state panes (registers, call stack, processes/threads/
// cores, events' page-conflict owner) in Debian's Chromium against the simulator, at both window
// sizes of the issue. Screenshots land in test-results/e2e/panes-<size>/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRenderer, openStudio, STEP_TIMEOUT, VIEWPORTS, WAIT, type Studio } from './harness';

const renderer = buildRenderer('e2e-panes');

/** Every disassembly text ends inside the pane (no instruction cut at the right edge). */
async function disassemblyCut(studio: Studio): Promise<string[]> {
  return studio.page.getByTestId('pane-disassembly').evaluate((pane) => {
    const right = pane.getBoundingClientRect().right;
    return [...pane.querySelectorAll('.dline')]
      .filter((line) => {
        const text = line.querySelector('.dtext');
        return text !== null && text.getBoundingClientRect().right > right + 0.5;
      })
      .map((line) => line.textContent ?? '');
  });
}

async function storedLayout(studio: Studio): Promise<{ fractions: Record<string, number> }> {
  const raw = await studio.page.evaluate(() => localStorage.getItem('hds.layout.v1'));
  return JSON.parse(raw ?? '{}') as { fractions: Record<string, number> };
}

describe('layout in fractions of the window', () => {
  let studio: Studio;
  beforeAll(async () => {
    await renderer.built;
    studio = await openStudio({ rendererDir: renderer.dir, viewport: VIEWPORTS[0], shots: 'layout' });
  }, 180_000);
  afterAll(async () => studio?.close());

  it(
    'a column widened at 1600×1000 survives a reload and leaves the disassembly readable at 1280×720',
    async () => {
      const { page } = studio;
      await studio.connectSimulator();
      if ((await studio.phase()) !== 'paused') await studio.pause();
      await studio.openTab('disassembly');
      await page.getByTestId('disassembly').locator('[data-current]').waitFor({ timeout: WAIT });
      // Drag the right splitter 240 px to the left: the Connect column widens.
      const dockWidth = async (area: string) => (await page.getByTestId(`dock-${area}`).boundingBox())!.width;
      const before = await dockWidth('right');
      const splitter = (await page.getByTestId('splitter-right').boundingBox())!;
      const y = splitter.y + splitter.height / 2;
      await page.mouse.move(splitter.x + 2, y);
      await page.mouse.down();
      await page.mouse.move(splitter.x - 120, y, { steps: 4 });
      await page.mouse.move(splitter.x - 240, y, { steps: 4 });
      await page.mouse.up();
      const right = (await storedLayout(studio)).fractions.right!;
      expect(right).toBeGreaterThan(0.4);
      const widened = await dockWidth('right');
      expect(widened).toBeGreaterThan(before + 100);
      await studio.shot('widened-1600x1000');

      await page.reload();
      await studio.waitPhase('paused');
      expect((await storedLayout(studio)).fractions.right).toBe(right);
      expect(Math.abs((await dockWidth('right')) - widened)).toBeLessThan(2);

      await page.setViewportSize(VIEWPORTS[1]);
      await studio.openTab('disassembly');
      await page.getByTestId('disassembly').locator('[data-current]').waitFor({ timeout: WAIT });
      const center = (await page.getByTestId('dock-center').boundingBox())!;
      expect(center.width).toBeGreaterThanOrEqual(700);
      expect(await disassemblyCut(studio)).toEqual([]);
      // The sides gave way but stay usable, and the stored fraction is untouched.
      expect(await dockWidth('right')).toBeGreaterThanOrEqual(220);
      expect(await dockWidth('left')).toBeGreaterThanOrEqual(220);
      expect((await storedLayout(studio)).fractions.right).toBe(right);
      await studio.shot('after-reload-1280x720');

      // A side column folds to a strip (double-click on its splitter) and opens again.
      await page.getByTestId('splitter-left').dblclick();
      await page.getByTestId('expand-left').waitFor({ timeout: WAIT });
      expect((await page.getByTestId('dock-left-collapsed').boundingBox())!.width).toBeLessThan(40);
      await studio.shot('left-collapsed-1280x720');
      await page.getByTestId('expand-left').click();
      await page.getByTestId('dock-left').waitFor({ state: 'visible', timeout: WAIT });
      expect(studio.pageErrors).toEqual([]);
    },
    STEP_TIMEOUT,
  );
});
