/**
 * HyperDbg assembles with Keystone and prints Keystone's error numbers; ours map onto the two that
 * apply (an unknown mnemonic, operands that cannot be encoded), followed by our own reason.
 */
import type { AssembleResult } from './assemble';

const KS_ERR_ASM_INVALIDOPERAND = 512;
const KS_ERR_ASM_MNEMONICFAIL = 514;

/** HyperDbg's line for a failed `ks_asm()` and the code it then repeats. */
export function assemblyFailure(result: Extract<AssembleResult, { ok: false }>): {
  code: number;
  text: string;
} {
  const code = result.error.startsWith('unknown mnemonic')
    ? KS_ERR_ASM_MNEMONICFAIL
    : KS_ERR_ASM_INVALIDOPERAND;
  return { code, text: `err, failed on ks_asm() with count = ${result.statement}, error code = ${code}\n` };
}
