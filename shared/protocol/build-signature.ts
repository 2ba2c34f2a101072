/**
 * HyperDbg's build signature, the version string the debugger answers the debuggee's handshake
 * pings with (`A.B.C-YYYYMMDD.HHMM`: first characters of major/minor/patch, then the build date and
 * time). The debuggee accepts only its own build's signature. One pattern and one set of messages
 * for every place that checks one (CLI, GUI host, session, simulator options, MCP tools).
 */
export const BUILD_SIGNATURE_PATTERN = /^\d\.\d\.\d-\d{8}\.\d{4}$/;

/** A well-formed signature for examples in messages (the simulator's default build). */
export const EXAMPLE_BUILD_SIGNATURE = '0.2.0-20250101.1200';

const HOW_TO_FIND =
  "take it from the debuggee's HyperDbg build, or detect it from its folder with 'hds connect --detect-signature <HyperDbg folder>'";

export function isBuildSignature(text: string): boolean {
  return BUILD_SIGNATURE_PATTERN.test(text);
}

/** The message for text that is not a build signature. */
export function notASignatureMessage(text: string): string {
  return `err, '${text}' is not a HyperDbg build signature; it looks like ${EXAMPLE_BUILD_SIGNATURE} (${HOW_TO_FIND})`;
}

/** The message when a real debuggee is to be reached and no signature was given. */
export const SIGNATURE_NEEDED_MESSAGE = `err, the debuggee's build signature is needed: it accepts only its own HyperDbg build's signature (${HOW_TO_FIND}; the CLI also takes --signature)`;
