import { typedText } from './args.ts';
import type { AnyCommand } from './command.ts';
import type { Quote } from './visibility.ts';

/**
 * One choice of a select field. An option naming a record quotes it, like a reply: the gate shows it
 * in full, as `refLabel` (the bare reference), or not at all, depending on who will see the form.
 */
export interface FormOption {
  value: string;
  label: string;
  quotes?: Quote[];
  /** The option as its reference alone, e.g. `F-7［线索］`: what may be shown where the label may not. */
  refLabel?: string;
}

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
  options?: FormOption[];
  optional?: boolean;
}

export interface Form {
  /** The command id, e.g. 'finding add'. */
  command: string;
  title: string;
  /** The command's usage line, for a platform that shows a form as text to type. */
  usage?: string;
  fields: FormField[];
}

/** Values as a form returns them: text, a chosen option, a date, a user as typed in a command, a flag. */
export type FormValues = Record<string, string | boolean | undefined>;

/**
 * The arguments filled-in form values stand for: each of the command's positionals and options that
 * has a value, text as filled in (less what no one types on purpose), a ticked flag as true.
 */
export function formArgs(def: AnyCommand, values: FormValues): Record<string, string | boolean> {
  const args: Record<string, string | boolean> = {};
  const names = [...def.spec.positionals.map((p) => [p.name, 'value'] as const), ...Object.entries(def.spec.options)];
  for (const [name, type] of names) {
    const v = Object.hasOwn(values, name) ? values[name] : undefined;
    if (type === 'flag' && v === true) args[name] = true;
    if (type === 'value' && typeof v === 'string' && v.trim() !== '') args[name] = typedText(v).trim();
  }
  return args;
}
