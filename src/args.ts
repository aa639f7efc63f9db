/**
 * Tokenising command text as people type it in Chinese chat: full-width spaces, Chinese quotes,
 * option dashes that an input method turned into —— or －－, values after = or a full-width colon.
 */

/** A token: a plain word, or an option name with its raw value when it came as `--name=value`. */
export type Token = { kind: 'word'; value: string } | { kind: 'option'; name: string; inline?: string };

const QUOTES: Record<string, string> = { '"': '"', '“': '”', '「': '」', '『': '』', '«': '»' };

// Input methods and autocorrect turn "--" into "——", "－－", "—" or "–".
const OPTION = /^(?:--|——|－－|—|–)([a-zA-Z][a-zA-Z0-9-]*)(?:[=:：](.*))?$/s;

/** Replace characters that would break parsing or rendering: controls, zero-width and odd spaces. */
export function cleanText(text: string): string {
  return text
    // Zero-width and text-direction controls: a U+202E in a finding would reverse the rest of a list line.
    .replace(/[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '')
    // Every other space (U+202F and U+205F included) becomes U+0020, the only one tokenize splits on.
    .replace(/[\u0000-\u001f\u007f-\u009f\u3000\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f]/g, ' ');
}

/** Split into tokens; quoted runs stay whole, an unclosed quote runs to the end of the text. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const chars = [...cleanText(text)];
  let i = 0;
  while (i < chars.length) {
    const c = chars[i]!;
    if (c === ' ') {
      i++;
      continue;
    }
    let word = '';
    // Only a token that opens with a quote is protected from being read as an option;
    // --name="a b" is still an option with a quoted value.
    const quoted = QUOTES[c] !== undefined;
    while (i < chars.length && chars[i] !== ' ') {
      const open = chars[i]!;
      const close = QUOTES[open];
      if (close) {
        i++;
        while (i < chars.length && chars[i] !== close) word += chars[i++];
        i++; // the closing quote
      } else {
        word += open;
        i++;
      }
    }
    const option = quoted ? null : OPTION.exec(word);
    if (option) tokens.push({ kind: 'option', name: option[1]!.toLowerCase(), inline: option[2] });
    else tokens.push({ kind: 'word', value: word });
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

/** Collect tokens into named arguments; values are raw strings (flags are true) for the schema to check. */
export function collect(tokens: Token[], spec: ArgSpec): { args: Record<string, string | boolean>; problem?: ArgProblem } {
  const args: Record<string, string | boolean> = {};
  const words: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'word') {
      words.push(token.value);
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
    const value = p.rest ? words.slice(index).join(' ') : words[index];
    if (value !== undefined && value !== '') args[p.name] = value;
  });
  const last = spec.positionals.at(-1);
  if (!last?.rest && words.length > spec.positionals.length) {
    return { args, problem: { kind: 'tooMany', extra: words.slice(spec.positionals.length).join(' ') } };
  }
  return { args };
}

/** A reference such as F-3, f3 or 3 → its number; undefined when it is not one of `prefix`. */
export function parseRef(input: string, prefix: string): number | undefined {
  const m = new RegExp(`^(?:${prefix}[-－]?)?0*(\\d{1,9})$`, 'i').exec(input.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return n > 0 ? n : undefined;
}
