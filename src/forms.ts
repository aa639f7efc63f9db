import { typedText } from './args.ts';
import type { AnyCommand, Context } from './command.ts';
import type { ParamSpec } from './params.ts';
import { refOf } from './refs.ts';
import { shorten } from './text.ts';
import { fieldLabel, formTitle, usageLine } from './usage.ts';
import { quote, type Quote } from './visibility.ts';

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
  for (const [name, p] of Object.entries(def.params)) {
    const v = Object.hasOwn(values, name) ? values[name] : undefined;
    if (p.spec.kind === 'flag' && v === true) args[name] = true;
    if (p.spec.kind !== 'flag' && typeof v === 'string' && v.trim() !== '') args[name] = typedText(v).trim();
  }
  return args;
}

/** What a form field of each kind of parameter is: free text in a larger box, a choice in a select, … */
const FIELD_KINDS: Record<ParamSpec<unknown>['kind'], FormField['kind']> = {
  text: 'longText', word: 'text', name: 'text', number: 'text', choice: 'select', unit: 'select', ref: 'select',
  date: 'date', user: 'user', flag: 'flag',
};

/** The team's findings as choices: each names its finding, so the gate shows it in full, as F-7［线索］, or not at all. */
async function findingOptions(ctx: Context): Promise<FormOption[]> {
  const findings = ctx.team ? await ctx.services.findings.list(ctx.team.id) : [];
  return findings.map((f) => {
    const ref = refOf('finding', f.n);
    return { value: ref, label: `${ref} ${f.unit} ${shorten(f.text, 30)}`, refLabel: f.clue ? `${ref}［${ctx.t.finding.clueMark}］` : ref, quotes: [quote.finding(f)] };
  });
}

/** The choices a select field offers: a choice's values or the office's taxonomy list, the team's units, the team's findings. */
async function optionsOf(spec: ParamSpec<unknown>, ctx: Context): Promise<FormOption[]> {
  if (spec.kind === 'unit') return (ctx.team?.units ?? []).map((u) => ({ value: u.name, label: u.name }));
  if (spec.kind === 'ref') return findingOptions(ctx);
  const values = spec.taxonomy ? ctx.services.taxonomy[spec.taxonomy] : (spec.values ?? []);
  return values.map((v) => ({ value: v, label: v }));
}

/** A reference is chosen from a list where the form can offer one (findings), else typed. */
const fieldKind = (spec: ParamSpec<unknown>): FormField['kind'] => (spec.kind === 'ref' && spec.ref !== 'finding' ? 'text' : FIELD_KINDS[spec.kind]);

/** The form of a command that has one: its title and usage line, and a field per parameter it asks for, in its order. */
export async function formOf(def: AnyCommand, ctx: Context): Promise<Form> {
  const fields: FormField[] = [];
  for (const name of def.form ?? []) {
    const { spec } = def.params[name]!;
    const kind = fieldKind(spec);
    fields.push({
      name,
      kind,
      label: fieldLabel(def, name, ctx.t),
      ...(kind === 'select' && { options: await optionsOf(spec, ctx) }),
      ...(spec.optional && { optional: true }),
    });
  }
  return { command: def.id, title: formTitle(def, ctx.t), usage: usageLine(def, ctx.t), fields };
}
