import { describe, expect, it } from 'vitest';
import { createUiStore, LAYOUT_STORAGE_KEY } from './ui-store';
import { memoryStorage } from './testing/memory-storage';

describe('ui store', () => {
  it('remembers the layout across instances', () => {
    const storage = memoryStorage();
    const a = createUiStore(storage);
    a.getState().move('logs', 'center');
    a.getState().resize('bottom', 0.4);
    a.getState().toggleCollapsed('left');
    a.getState().toggleTheme();
    const b = createUiStore(storage);
    expect(b.getState().layout.areas.center.panes).toContain('logs');
    expect(b.getState().layout.fractions.bottom).toBe(0.4);
    expect(b.getState().layout.collapsed.left).toBe(true);
    expect(b.getState().layout.theme).toBe('light');
    expect(storage.map.has(LAYOUT_STORAGE_KEY)).toBe(true);
  });

  it('has the open script of the last run from creation on, before any pane asks for it', () => {
    const storage = memoryStorage();
    const first = createUiStore(storage);
    first.getState().setScriptText('printf("%llx\\n", @rcx);\n', 'hooks.ds');
    first.getState().setScriptText('printf("%llx\\n", @rdx);\n');
    const next = createUiStore(storage);
    expect(next.getState().scriptText).toBe('printf("%llx\\n", @rdx);\n');
    expect(next.getState().scriptFileName).toBe('hooks.ds');
    expect(createUiStore(memoryStorage()).getState()).toMatchObject({
      scriptText: '',
      scriptFileName: 'script.ds',
    });
  });

  it('routes addresses to Memory and Disassembly and focuses them', () => {
    const s = createUiStore(memoryStorage());
    s.getState().showMemory('fffff80000001000');
    expect(s.getState().memoryRequest?.address).toBe('fffff80000001000');
    expect(s.getState().layout.areas.center.active).toBe('memory');
    expect(s.getState().focusRequest?.pane).toBe('memory');
    s.getState().showDisassembly('1000');
    expect(s.getState().layout.areas.center.active).toBe('disassembly');
  });
});
