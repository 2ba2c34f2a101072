import { describe, expect, it } from 'vitest';
import { compileScript } from '../../shared/script/index';
import { explainError } from './explain';

function hintFor(source: string): string | undefined {
  const result = compileScript(source);
  if (result.ok) throw new Error(`expected '${source}' to fail`);
  return explainError(source, result.error);
}

describe('our second line under the compiler message', () => {
  it("names the docs' $stage as v0.23's $event_stage", () => {
    expect(hintFor('if ($stage == 1) { printf("post\\n"); }')).toBe(
      "did you mean $event_stage? the docs call it $stage, v0.23's compiler knows only $event_stage",
    );
  });

  it('suggests a near pseudo-register, or lists them', () => {
    expect(hintFor('x = $proce;')).toBe('did you mean $proc? ($proce is not a pseudo-register)');
    expect(hintFor('x = $nothing;')).toMatch(/^\$nothing is not a pseudo-register; v0.23 knows \$pid, \$tid/);
  });

  it("says which statement lacks its ';', on the next line or before a closing brace", () => {
    expect(hintFor('x = 1\ny = 2;')).toBe("expected ';' after 'x = 1'");
    expect(hintFor('printf("a")\nprintf("b");')).toBe(`expected ';' after 'printf("a")'`);
    expect(hintFor('if (@rax == 1) { print(1) }')).toBe("expected ';' after 'print(1)'");
  });

  it('adds nothing where it knows no more than the compiler', () => {
    expect(hintFor('x = (1 + ;')).toBeUndefined();
    expect(hintFor('? poi(@rsp)')).toBeUndefined();
  });
});
