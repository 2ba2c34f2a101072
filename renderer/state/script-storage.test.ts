import { describe, expect, it } from 'vitest';
import { loadOpenScript, saveOpenScript } from './script-storage';
import { memoryStorage } from './testing/memory-storage';

/** Storage holding `text` as the saved script. */
const withScript = (text: string) => memoryStorage({ 'hds.script.open': text });

describe('the open script across reloads', () => {
  it('gives back the saved name and text', () => {
    const storage = memoryStorage();
    saveOpenScript(storage, { fileName: 'hooks.ds', text: 'printf("%llx\\n", @rcx);\n' });
    expect(loadOpenScript(storage)).toEqual({ fileName: 'hooks.ds', text: 'printf("%llx\\n", @rcx);\n' });
  });

  it('ignores damaged or foreign values', () => {
    expect(loadOpenScript(memoryStorage())).toBeNull();
    expect(loadOpenScript(withScript('{oops'))).toBeNull();
    expect(loadOpenScript(withScript(JSON.stringify({ fileName: 3, text: 'x' })))).toBeNull();
    expect(loadOpenScript(withScript(JSON.stringify({ fileName: '', text: 'x' })))).toEqual({
      fileName: 'script.ds',
      text: 'x',
    });
  });
});
