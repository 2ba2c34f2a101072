import { describe, expect, it } from 'vitest';
import { loadOpenScript, saveOpenScript } from './script-storage';

function memory(initial?: string) {
  const items = new Map<string, string>();
  if (initial !== undefined) items.set('hds.script.open', initial);
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
  };
}

describe('the open script across reloads', () => {
  it('gives back the saved name and text', () => {
    const storage = memory();
    saveOpenScript(storage, { fileName: 'hooks.ds', text: 'printf("%llx\\n", @rcx);\n' });
    expect(loadOpenScript(storage)).toEqual({ fileName: 'hooks.ds', text: 'printf("%llx\\n", @rcx);\n' });
  });

  it('ignores damaged or foreign values', () => {
    expect(loadOpenScript(memory())).toBeNull();
    expect(loadOpenScript(memory('{oops'))).toBeNull();
    expect(loadOpenScript(memory(JSON.stringify({ fileName: 3, text: 'x' })))).toBeNull();
    expect(loadOpenScript(memory(JSON.stringify({ fileName: '', text: 'x' })))).toEqual({
      fileName: 'script.ds',
      text: 'x',
    });
  });
});
