/** The shapes of a command family's texts; each family's catalog file builds its own with these. */

/** A list as each language writes one: 城关镇、东关村; Chengguan, Dongguan. */
export const listZh = (items: readonly string[]) => items.join('、');
export const listEn = (items: readonly string[]) => items.join(', ');

/** A share as people read it: 50%, 33.3%; a dash when there is nothing to divide. */
export const percent = (part: number, total: number) => (total === 0 ? '—' : `${Number(((part / total) * 100).toFixed(1))}%`);

/** The languages replies come in (`XC_LANG`). */
export type Lang = 'zh' | 'en';

/** How one parameter of a command reads in one language. */
export interface ArgText {
  /** In sentences such as 缺少{name}。; an option without one is called by its flag (`--days`). */
  name?: string;
  /** Its placeholder in the usage line (`<F编号>`); the name when unset. */
  usage?: string;
  /** Its label in a form; the name when unset. */
  field?: string;
}

/** A command's own texts: its line in /help, and the title of its form when it has one. */
export interface CommandText {
  summary: string;
  title?: string;
}

/** A command family's texts in one language, besides its replies: what /help, usage lines, forms and menus say. */
export interface FamilyTexts {
  /** The family in one line: Telegram's command menu, Slack's slash command. */
  summary: string;
  /** Each command, by id. */
  commands: Readonly<Record<string, CommandText>>;
  /** How each parameter reads, by label key; the common catalog (`args`) has those every family shares. */
  args: Readonly<Record<string, ArgText>>;
}

/** The commands of a family, by id: the Chinese catalog fixes the ids, the English one is typed against it. */
export const commandTexts = <K extends string>(texts: Record<K, CommandText>) => texts;

/** The parameters' texts, by label key: typed so that each language words them as it needs. */
export const argTexts = <K extends string>(texts: Record<K, ArgText>) => texts;
