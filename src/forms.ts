import type { AnyCommand } from './command.ts';

/**
 * A form: the fields of a command for interactive input, platform-neutral. Slack renders it as a
 * modal, Telegram as a step-by-step dialogue; the filled values become the same command line a
 * person would type, so a form is validated exactly like the text form.
 */
export interface FormField {
  /** The command's positional or option name this field fills. */
  name: string;
  kind: 'text' | 'longText' | 'select' | 'date' | 'user' | 'flag';
  label: string;
  options?: Array<{ value: string; label: string }>;
  optional?: boolean;
}

export interface Form {
  /** The command id, e.g. 'finding add'. */
  command: string;
  title: string;
  fields: FormField[];
}

/** Values as a form returns them: text, a chosen option, a date, a user as typed in a command, a flag. */
export type FormValues = Record<string, string | boolean | undefined>;

const QUOTE_PAIRS: Array<[string, string]> = [['"', '"'], ['“', '”'], ['「', '」'], ['『', '』']];

/** Quote a value so the tokenizer reads it back whole: the first quote pair it does not contain. */
function quote(value: string): string {
  const pair = QUOTE_PAIRS.find(([open, close]) => !value.includes(open) && !value.includes(close));
  return pair ? `${pair[0]}${value}${pair[1]}` : `"${value.replace(/["“”「」『』]/g, '')}"`;
}

/** The command text (after the family name) that filled-in form values stand for. */
export function commandText(def: AnyCommand, values: FormValues): string {
  const parts: string[] = [...def.words];
  for (const p of def.spec.positionals) {
    const v = values[p.name];
    if (typeof v === 'string' && v.trim() !== '') parts.push(quote(v.trim()));
  }
  for (const [name, type] of Object.entries(def.spec.options)) {
    const v = values[name];
    if (type === 'flag' && v === true) parts.push(`--${name}`);
    if (type === 'value' && typeof v === 'string' && v.trim() !== '') parts.push(`--${name}`, quote(v.trim()));
  }
  return parts.join(' ');
}
