import { describe, expect, it } from 'vitest';
import { scriptRefusal } from './script-refusal';

describe('Ctrl+Enter in the script editor', () => {
  it('lets a script that compiles through', () => {
    expect(scriptRefusal('printf("%llx\\n", @rax);')).toBeNull();
  });

  it("refuses a script with errors, with HyperDbg's cause and our hint", () => {
    expect(scriptRefusal('x = 1\ny = 2;')).toBe(
      "not sent: the script has an error at line 2, column 1: Syntax Error: Invalid Syntax; expected ';' after 'x = 1'",
    );
    expect(scriptRefusal('if ($stage == 1) { pause(); }')).toMatch(
      /^not sent: the script has an error at line 1, column 5: .*; did you mean \$event_stage\?/,
    );
  });
});
