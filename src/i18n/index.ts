import { en } from './en.ts';
import { zh, type Messages } from './zh.ts';

export type { Messages };

/** The id of every command: the key of its usage and summary in the catalogs. */
export type CommandId = keyof Messages['commands'];

/** The message catalog for a language. */
export function messages(lang: 'zh' | 'en'): Messages {
  return lang === 'en' ? en : zh;
}
