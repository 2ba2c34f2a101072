// End-to-end: the script editor in Debian's Chromium (browser mode) against the built-in
// simulator, at both window sizes: HyperDbg's message plus our hint, Ctrl+Enter refusing a script
// with errors, parameter hints for built-ins, poi coloured as a built-in, and the script kept
// across a reload.
import { describe, expect, it } from 'vitest';
import { buildRenderer, STEP_TIMEOUT, suiteStudio, VIEWPORTS, WAIT } from './harness';

const renderer = buildRenderer('script-editor');

describe.each(VIEWPORTS)('script editor at $width×$height', (viewport) => {
  const studio = suiteStudio(renderer, viewport, `script-editor/${viewport.width}x${viewport.height}`);
  const editor = () => studio.page.getByTestId('pane-script').locator('.monaco-editor .view-lines');
  const diagnostics = () => studio.page.getByTestId('script-diagnostics').textContent();

  /** Replaces the editor's text (inserted as a paste: no auto-closed brackets). */
  async function setScript(text: string): Promise<void> {
    await editor().click();
    await studio.page.keyboard.press('Control+A');
    await studio.page.keyboard.press('Delete');
    if (text !== '') await studio.page.keyboard.insertText(text);
  }

  it(
    "shows HyperDbg's message with our second line (missing ';', the docs' $stage)",
    async () => {
      await studio.connectSimulator();
      await studio.openTab('script');
      await editor().waitFor({ timeout: WAIT });
      await setScript('x = 1\ny = 2;\n');
      await expect.poll(diagnostics, { timeout: WAIT }).toContain('Syntax Error: Invalid Syntax');
      expect(await diagnostics()).toContain("expected ';' after 'x = 1'");
      await setScript('x = $stage + 1;\nprintf("stage %llx\\n", x);\n');
      await expect
        .poll(diagnostics, { timeout: WAIT })
        .toContain('did you mean $event_stage? the docs call it $stage');
      await studio.shot('script-editor');
    },
    STEP_TIMEOUT,
  );

  it(
    'Ctrl+Enter refuses a script with errors and says why; a correct one runs',
    async () => {
      const { page } = studio;
      await editor().click();
      await page.keyboard.press('Control+Enter');
      await expect
        .poll(() => studio.consoleText(), { timeout: WAIT })
        .toMatch(/not sent: the script has an error at line 1, column 5: .*did you mean \$event_stage\?/);
      expect(await studio.consoleText()).not.toContain('> ? x = $stage');
      await studio.openTab('script');
      await setScript('printf("rsp %llx\\n", poi(@rsp));\n');
      await expect.poll(diagnostics, { timeout: WAIT }).toBe('no problems');
      if ((await studio.phase()) !== 'paused') await studio.pause();
      await studio.openTab('script');
      await editor().click();
      await page.keyboard.press('Control+Enter');
      await expect.poll(() => studio.consoleText(), { timeout: WAIT }).toMatch(/rsp [0-9a-f]+/);
    },
    STEP_TIMEOUT,
  );

  it(
    'colours poi as a built-in and shows parameter hints for built-in calls',
    async () => {
      const { page } = studio;
      await studio.openTab('script');
      await setScript('x = poi(@rsp);\n');
      const colour = (text: string) =>
        editor()
          .locator('span span', { hasText: new RegExp(`^${text}`) })
          .first()
          .evaluate(
            (el) =>
              (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(
                el,
              ).color,
          );
      await expect.poll(() => colour('poi'), { timeout: WAIT }).not.toBe(await colour('x'));
      await page.keyboard.press('Control+End');
      await page.keyboard.type('memcpy(');
      const hints = page.locator('.parameter-hints-widget');
      await expect.poll(() => hints.textContent(), { timeout: WAIT }).toMatch(/memcpy\(/);
      await page.keyboard.press('Escape');
    },
    STEP_TIMEOUT,
  );

  it(
    'keeps the open script across a reload, ready for Ctrl+Enter before the Script pane is opened',
    async () => {
      const { page } = studio;
      await setScript('// kept across reloads\nprintf("restored %llx\\n", @rip);\n');
      // The Script pane is not the open tab when the page loads again.
      await studio.openTab('disassembly');
      await page.reload();
      // Restored at load, before the Script pane is opened: Ctrl+Enter from the console runs it.
      await expect.poll(() => studio.phase(), { timeout: WAIT }).toMatch(/^(running|paused)$/);
      if ((await studio.phase()) !== 'paused') await studio.pause();
      await studio.openTab('console');
      expect(await page.getByTestId('pane-script').count()).toBe(0);
      await page.getByTestId('console-input').press('Control+Enter');
      await expect.poll(() => studio.consoleText(), { timeout: WAIT }).toMatch(/restored [0-9a-f]+/);
      await studio.openTab('script');
      await editor().waitFor({ timeout: WAIT });
      await expect.poll(() => editor().textContent(), { timeout: WAIT }).toMatch(/kept\sacross\sreloads/);
      expect(studio.pageErrors).toEqual([]);
    },
    STEP_TIMEOUT,
  );
});
