import { describe, expect, it } from 'vitest';
import { compileScript } from '../../shared/script/index';
import { shortMessage, toDiagnostics } from './diagnostics';
import { hoverText, languageItems } from './script-language';

describe('script diagnostics for the editor', () => {
  it('reports a broken script at the line of the error', () => {
    const diags = toDiagnostics(compileScript('x = 1;\ny = 2;\nprintf("%d\\n", x;\n'));
    expect(diags.length).toBe(1);
    expect(diags[0].line).toBe(3);
    expect(diags[0].endColumn).toBeGreaterThan(
      diags[0].column - (diags[0].endLine > diags[0].line ? 1000 : 0),
    );
    expect(shortMessage(diags[0].message).length).toBeGreaterThan(0);
  });

  it('has no diagnostics for a good script', () => {
    expect(toDiagnostics(compileScript('printf("stage %d\\n", $event_stage);'))).toEqual([]);
  });

  it('offers functions, registers and pseudo-registers with docs', () => {
    const labels = languageItems().map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['printf', 'poi', '@rax', '$pid', '$context', 'while']));
    expect(hoverText('printf')).toContain('formatted output');
    expect(hoverText('nonsense')).toBeNull();
  });
});
