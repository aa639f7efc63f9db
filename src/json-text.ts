/**
 * Where a mistake stands in an office's JSON file (holidays, taxonomy): the line an operator opens the
 * file at, since a start-up refusal without one leaves them searching the whole file.
 */

/** The line of `text` at character `at`, counted from 1. */
export const lineAt = (text: string, at: number) => text.slice(0, Math.max(0, at)).split('\n').length;

/**
 * Where JSON.parse stopped in `text`, from its message: "… at position 57", or on Node 20 for an
 * unexpected token, `Unexpected token ']', ..."<ten characters before it and ten after>"...`.
 */
export function syntaxErrorAt(text: string, message: string): number | undefined {
  const position = /at position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  if (/Unexpected end of JSON input/.test(message)) return text.trimEnd().length;
  const near = /^Unexpected token '(.+?)', (\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON$/.exec(message);
  if (!near) return undefined;
  const [, token, cut, around] = near;
  const from = text.indexOf(around!);
  if (from < 0) return undefined;
  return from + (cut ? 10 : around!.indexOf(token!));
}
