// Text from the debuggee reaches `hds connect`'s terminal; a hostile or broken debuggee must not
// drive the terminal with it (set the title through OSC, clear the screen, move the cursor). Every
// control character except tab and newline is shown as \xHH instead; a CR before LF is dropped.

const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/** `text` with terminal control characters shown as `\xHH` (ESC ] 0 ; title BEL becomes `\x1b]0;title\x07`). */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (match, offset: number) =>
    match === '\r' && text[offset + 1] === '\n'
      ? ''
      : `\\x${match.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}
