/**
 * Tokenising command text as people type it in Chinese chat: full-width spaces, Chinese quotes,
 * option dashes that an input method turned into —— or －－, values after = or a full-width colon.
 */

/**
 * A token: a word, or an option name with its raw value when it came as `--name=value`. A word knows
 * where it stands in the text (`start`, `end`), so that an argument taking the rest of the line is
 * cut from the text as typed; `wrapped` when quotes around the whole word were taken off.
 */
export type Token =
  | { kind: 'word'; value: string; start: number; end: number; wrapped?: true }
  | { kind: 'option'; name: string; inline?: string };

const QUOTES: Record<string, string> = { '"': '"', '“': '”', '「': '」', '『': '』', '«': '»' };

// Input methods and autocorrect turn "--" into "——", "－－", "—" or "–".
const OPTION = /^(?:--|——|－－|—|–)([a-zA-Z][a-zA-Z0-9-]*)(?:[=:：](.*))?$/s;

/** Invisible marks that reorder or hide text: a U+202E in a finding would reverse the rest of a list line. */
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
/** Control characters nobody types on purpose; tabs and line breaks are kept. */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * The text as typed, less what no one types on purpose: invisible direction and zero-width marks are
 * removed, other control characters become spaces. Everything else, full-width spaces, line breaks and
 * every quotation mark, stays as typed.
 */
export function typedText(text: string): string {
  return text.replace(INVISIBLE, '').replace(CONTROLS, ' ');
}

/** A one-line name (a display name): as typed, with every space, tab and line break made U+0020. */
export function cleanText(text: string): string {
  return typedText(text).replace(/\s/g, ' ');
}

/**
 * A name (a team's, a unit's) as one line with single spaces: names identify, so 「县　教育局」 and
 * 「县 教育局」 are one unit. Free text, by contrast, is kept as typed.
 */
export function oneLine(text: string): string {
  return cleanText(text).replace(/ +/g, ' ').trim();
}

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);

/** `value` without the one pair of quotes that wraps all of it, if it is so wrapped. */
function unwrap(value: string): string {
  const chars = [...value];
  const close = QUOTES[chars[0] ?? ''];
  return close && chars.length >= 2 && chars.at(-1) === close && !chars.slice(1, -1).includes(close) ? chars.slice(1, -1).join('') : value;
}

/**
 * Split a line (already passed through typedText) into words and options. Quotes that wrap a whole
 * word are taken off; any other quotation mark is part of the text, and a quoted run inside a word
 * keeps its spaces: `“三重一大”事项` stays exactly that.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const chars = [...text];
  // Offsets in UTF-16 units, for slicing the text: a character may take two.
  const offset: number[] = [0];
  for (const c of chars) offset.push(offset.at(-1)! + c.length);
  const closing = (from: number, close: string) => {
    for (let j = from; j < chars.length; j++) if (chars[j] === close) return j;
    return -1;
  };
  let i = 0;
  while (i < chars.length) {
    if (isSpace(chars[i])) {
      i++;
      continue;
    }
    const close = QUOTES[chars[i]!];
    const j = close ? closing(i + 1, close) : -1;
    if (j >= 0 && (j + 1 === chars.length || isSpace(chars[j + 1]))) {
      // A quote around the whole word: a word, even if it looks like an option.
      tokens.push({ kind: 'word', value: chars.slice(i + 1, j).join(''), start: offset[i]!, end: offset[j + 1]!, wrapped: true });
      i = j + 1;
      continue;
    }
    let k = i;
    while (k < chars.length && !isSpace(chars[k])) {
      const inner = QUOTES[chars[k]!];
      const end = inner ? closing(k + 1, inner) : -1;
      k = end >= 0 ? end + 1 : k + 1;
    }
    const word = chars.slice(i, k).join('');
    const option = OPTION.exec(word);
    if (option) tokens.push({ kind: 'option', name: option[1]!.toLowerCase(), ...(option[2] !== undefined && { inline: unwrap(option[2]) }) });
    else tokens.push({ kind: 'word', value: word, start: offset[i]!, end: offset[k]! });
    i = k;
  }
  return tokens;
}

/** What a command accepts: positional names (the last may take the rest) and options. */
export interface ArgSpec {
  positionals: ReadonlyArray<{ name: string; rest?: boolean }>;
  options: Readonly<Record<string, 'value' | 'flag'>>;
}

/** Why the text did not fit the spec, for the reply. */
export type ArgProblem =
  | { kind: 'unknownOption'; name: string }
  | { kind: 'missingValue'; name: string }
  | { kind: 'tooMany'; extra: string }
  | { kind: 'repeated'; name: string };

/**
 * The words an argument takes the rest of the line from, as typed: a single word in quotes without its
 * quotes; else each run of words with nothing between them but spaces, cut from `text` whole.
 */
function restOf(words: Array<Extract<Token, { kind: 'word' }> & { after: number }>, text: string): string {
  if (words.length === 1 && words[0]!.wrapped) return words[0]!.value;
  const runs: string[] = [];
  let run: { start: number; end: number; at: number } | undefined;
  for (const w of words) {
    if (run && w.after === run.at + 1) {
      run.end = w.end;
      run.at = w.after;
      continue;
    }
    if (run) runs.push(text.slice(run.start, run.end));
    run = { start: w.start, end: w.end, at: w.after };
  }
  if (run) runs.push(text.slice(run.start, run.end));
  return runs.join(' ');
}

/**
 * Collect tokens into named arguments; values are raw strings (flags are true) for the schema to
 * check. `text` is what the tokens were read from: an argument that takes the rest is cut from it.
 */
export function collect(tokens: Token[], spec: ArgSpec, text: string): { args: Record<string, string | boolean>; problem?: ArgProblem } {
  const args: Record<string, string | boolean> = {};
  const words: Array<Extract<Token, { kind: 'word' }> & { after: number }> = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'word') {
      words.push({ ...token, after: i });
      continue;
    }
    // Own keys only: `--constructor` must not find Object.prototype.constructor.
    const type = Object.hasOwn(spec.options, token.name) ? spec.options[token.name] : undefined;
    if (!type) return { args, problem: { kind: 'unknownOption', name: token.name } };
    if (Object.hasOwn(args, token.name)) return { args, problem: { kind: 'repeated', name: token.name } };
    if (type === 'flag') {
      args[token.name] = true;
      continue;
    }
    if (token.inline !== undefined && token.inline !== '') {
      args[token.name] = token.inline;
      continue;
    }
    const next = tokens[i + 1];
    if (!next || next.kind !== 'word') return { args, problem: { kind: 'missingValue', name: token.name } };
    args[token.name] = next.value;
    i++;
  }
  spec.positionals.forEach((p, index) => {
    const value = p.rest ? (words.length > index ? restOf(words.slice(index), text) : undefined) : words[index]?.value;
    // A value typed as "" is kept, for the check to refuse as empty rather than as missing.
    if (value !== undefined && (value !== '' || words[index]?.wrapped)) args[p.name] = value;
  });
  const last = spec.positionals.at(-1);
  if (!last?.rest && words.length > spec.positionals.length) {
    return { args, problem: { kind: 'tooMany', extra: words.slice(spec.positionals.length).map((w) => w.value).join(' ') } };
  }
  return { args };
}
