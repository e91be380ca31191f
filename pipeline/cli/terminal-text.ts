/**
 * Characters a terminal acts on rather than shows: C0 controls other than line feed and tab (ESC starts colour,
 * title, cursor and clear-screen sequences), DEL, C1 controls (0x9B is an 8-bit CSI), and the bidirectional
 * overrides and isolates that reorder what is shown (Trojan Source). With `keep`, colour sequences (SGR,
 * `ESC [ digits m`, what style.ts writes) are matched first and kept.
 */
// eslint-disable-next-line no-control-regex
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const ACTIVE_BUT_COLOUR = /(\u001b\[[0-9;]*m)|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Text made safe to print on a terminal: every active character shown as its `\uXXXX` escape, so a value from
 * the data (a cell, a sheet or file name) cannot retitle, clear or rewrite the user's terminal. `keepColour`
 * leaves colour sequences alone, for lines the CLI coloured itself (a colour from the data is harmless).
 */
export function terminalText(text: string, options: { keepColour?: boolean } = {}): string {
  if (options.keepColour) return text.replace(ACTIVE_BUT_COLOUR, (match: string, colour: string | undefined) => colour ?? escape(match));
  return text.replace(ACTIVE, escape);
}
