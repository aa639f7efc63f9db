import { en } from './en.ts';
import type { Lang } from './texts.ts';
import { zh, type Messages } from './zh.ts';

export type { Messages };
export type { ArgText, CommandText, FamilyTexts, Lang } from './texts.ts';

/** The message catalog for a language. */
export function messages(lang: Lang): Messages {
  return lang === 'en' ? en : zh;
}

/** A word from a catalog for a value stored as a string (a field name, an action), or the value itself when the catalog has none. */
export function wordFor(words: Readonly<Record<string, string>>, value: string): string {
  return Object.hasOwn(words, value) ? words[value]! : value;
}
