// What the Connect pane will send as the build signature, said before anything is sent: the typed
// one, else the configured default, else nothing (the simulator answers with its own build; a real
// debuggee then cannot be reached, so Connect says what to do instead of failing after the click).
import { EXAMPLE_BUILD_SIGNATURE, isBuildSignature } from '../../shared/protocol/build-signature';

export type SignaturePlan =
  /** `send` goes in the connect request (null: the host's simulator build). */
  | { readonly ok: true; readonly send: string | null; readonly says: string }
  | { readonly ok: false; readonly problem: string };

export function planSignature(
  typed: string,
  isSimulator: boolean,
  defaultSignature: string | null,
): SignaturePlan {
  const text = typed.trim();
  if (isSimulator) {
    return { ok: true, send: null, says: "sends the simulator's own build signature (nothing to type)" };
  }
  if (text !== '') {
    if (!isBuildSignature(text))
      return {
        ok: false,
        problem: `'${text}' is not a build signature; it looks like ${EXAMPLE_BUILD_SIGNATURE} (Detect reads it from the debuggee's HyperDbg folder)`,
      };
    return { ok: true, send: text, says: `sends ${text}` };
  }
  if (defaultSignature !== null)
    return { ok: true, send: defaultSignature, says: `sends ${defaultSignature} (the configured default)` };
  return {
    ok: false,
    problem: `a real debuggee needs its build signature, like ${EXAMPLE_BUILD_SIGNATURE}: type it, or Detect it from the debuggee's HyperDbg folder`,
  };
}

/** The field's placeholder: what an empty field means for this link. */
export function signaturePlaceholder(isSimulator: boolean, defaultSignature: string | null): string {
  if (isSimulator) return 'not needed for the simulator';
  return defaultSignature !== null
    ? `empty: sends ${defaultSignature} (default)`
    : `required, e.g. ${EXAMPLE_BUILD_SIGNATURE}`;
}
