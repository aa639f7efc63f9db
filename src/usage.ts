/**
 * What a command says about itself, in the catalog's language, all made from its declaration: its
 * usage line, its line in /help, its parameters' names in error replies and labels in forms, and one
 * line per family for menus (Telegram) and slash commands (Slack).
 */
import type { AnyCommand } from './command.ts';
import type { ArgText, Messages } from './i18n/index.ts';
import { labelOf } from './params.ts';

/** A parameter's texts: in its family's catalog, else in the common one; none for a flag. */
function textOf(def: AnyCommand, name: string, t: Messages): ArgText {
  const key = labelOf(name, def.params[name]!);
  const own = def.texts[t.lang].args;
  if (Object.hasOwn(own, key)) return own[key]!;
  const common: Readonly<Record<string, ArgText>> = t.args;
  return Object.hasOwn(common, key) ? common[key]! : {};
}

/** A parameter as sentences name it (缺少{name}。): its name, else its flag. */
export function argName(def: AnyCommand, name: string, t: Messages): string {
  return (Object.hasOwn(def.params, name) && textOf(def, name, t).name) || `--${name}`;
}

/** A parameter's label in a form. */
export function fieldLabel(def: AnyCommand, name: string, t: Messages): string {
  const text = textOf(def, name, t);
  return text.field ?? text.name ?? name;
}

/** What follows the command's words in its usage line: `<问题描述> --unit <单位> … [--severity 一般|较重|严重]`. */
function argsUsage(def: AnyCommand, t: Messages): string[] {
  const positionals: string[] = [];
  const options: string[] = [];
  for (const [name, p] of Object.entries(def.params)) {
    const { place, optional, kind, listed, values } = p.spec;
    const text = textOf(def, name, t);
    const placeholder = text.usage ?? text.name ?? name;
    if (place !== 'option') positionals.push(optional ? `[${placeholder}]` : `<${placeholder}>`);
    else if (kind === 'flag') options.push(`[--${name}]`);
    else {
      const option = `--${name} ${listed && values ? values.join('|') : `<${placeholder}>`}`;
      options.push(optional ? `[${option}]` : option);
    }
  }
  return [...positionals, ...options];
}

/** The usage line: `/finding add <问题描述> --unit <单位> --cat <类别> …`. */
export function usageLine(def: AnyCommand, t: Messages): string {
  return [`/${def.family}`, ...def.words, ...argsUsage(def, t)].join(' ');
}

/** The command's line in /help. */
export function summaryOf(def: AnyCommand, t: Messages): string {
  return def.texts[t.lang].commands[def.id]!.summary;
}

/** The title of the command's form. */
export function formTitle(def: AnyCommand, t: Messages): string {
  return def.texts[t.lang].commands[def.id]!.title ?? def.id;
}

/** One command family, as a menu or a slash command shows it. */
export interface FamilyLine {
  family: string;
  summary: string;
  /** What may follow the family (Slack's usage hint): its subcommands, or its one command's arguments. */
  hint: string;
}

/** One line per family, in the order the commands come. */
export function familyLines(commands: readonly AnyCommand[], t: Messages): FamilyLine[] {
  const families = new Map<string, AnyCommand[]>();
  for (const def of commands) families.set(def.family, [...(families.get(def.family) ?? []), def]);
  return [...families].map(([family, defs]) => ({ family, summary: defs[0]!.texts[t.lang].summary, hint: hintOf(defs, t) }));
}

/** The catalog `t`, with one line for each family of `commands` (what Telegram's command menu shows). */
export function withFamilies(t: Messages, commands: readonly AnyCommand[]): Messages {
  return { ...t, families: Object.fromEntries(familyLines(commands, t).map((line) => [line.family, line.summary])) };
}

/**
 * What may follow a family: its one command's arguments (`[命令]`), or its subcommands, with the default
 * command's arguments first (`[关键词]|show …`); bracketed when the family alone is a command.
 */
function hintOf(defs: readonly AnyCommand[], t: Messages): string {
  if (defs.length === 1) return argsUsage(defs[0]!, t).join(' ');
  const alternatives = defs.map((d) => (d.words.length ? d.words.join(' ') : argsUsage(d, t).join(' '))).filter(Boolean).join('|');
  const bare = defs.some((d) => d.words.length === 0 && Object.keys(d.params).length === 0);
  const more = defs.some((d) => d.words.length > 0 && Object.keys(d.params).length > 0) ? ' …' : '';
  return `${bare ? `[${alternatives}]` : alternatives}${more}`;
}
