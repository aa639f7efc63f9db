/**
 * The office's holiday file (XC_HOLIDAYS): the State Council's arrangement for years the built-in
 * calendar does not cover yet, as `{"2027": {"holidays": ["2027-01-01", …], "workdays": [ … ]}}`.
 * Read once at start-up; a mistake stops the start with one sentence naming the file and its line,
 * since a wrong day off would move every working-day deadline after it.
 */
import { readFileSync } from 'node:fs';
import { isIsoDate, type IsoDate, type YearSchedule } from './dates.ts';
import { startupEn, type StartupTexts, type Words } from './i18n/startup.ts';
import { lineAt, syntaxErrorAt } from './json-text.ts';

/** Thrown by loadHolidays: its words name XC_HOLIDAYS, the file and, where there is one, the line; the message is the English words. */
export class HolidayFileError extends Error {
  override readonly name = 'HolidayFileError';
  constructor(readonly words: Words) {
    super(words(startupEn));
  }
}

/** What is wrong in the file, in the texts of either language. */
type Problem = (texts: StartupTexts['holidays']) => string;

/** Read and check the holiday file `file`: every year four digits, every date real and in its year, none twice. */
export function loadHolidays(file: string): Record<string, YearSchedule> {
  const fail = (problem: Problem, at?: number): never => {
    const line = at === undefined ? undefined : lineAt(text, at);
    throw new HolidayFileError((t) => t.holidays.at(file, line, problem(t.holidays)));
  };
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    fail((h) => h.unreadable(code));
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    fail((h) => h.notJson, syntaxErrorAt(text, (err as Error).message));
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail((h) => h.notObject);
  // Where a year's entry, and a date within it, stand in the text: the line a mistake is on.
  const yearAt = (year: string) => text.indexOf(JSON.stringify(year));
  const dateAt = (year: string, date: unknown) => text.indexOf(JSON.stringify(date), yearAt(year));
  const schedule: Record<string, YearSchedule> = {};
  const seen = new Set<IsoDate>();
  for (const [year, entry] of Object.entries(data as Record<string, unknown>)) {
    if (!/^\d{4}$/.test(year)) fail((h) => h.notYear(year), yearAt(year));
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) fail((h) => h.yearNotObject(year), yearAt(year));
    const { holidays, workdays = [], ...other } = entry as Record<string, unknown>;
    const extra = Object.keys(other)[0];
    if (extra !== undefined) fail((h) => h.extraField(year, extra), text.indexOf(JSON.stringify(extra), yearAt(year)));
    const days: Record<'holidays' | 'workdays', IsoDate[]> = { holidays: [], workdays: [] };
    for (const [list, values] of [['holidays', holidays], ['workdays', workdays]] as const) {
      if (!Array.isArray(values)) fail((h) => h.notList(year, list), yearAt(year));
      for (const date of values as unknown[]) {
        if (typeof date !== 'string' || !isIsoDate(date)) fail((h) => h.notDate(JSON.stringify(date), year), dateAt(year, date));
        if (!(date as string).startsWith(`${year}-`)) fail((h) => h.wrongYear(date as string, year), dateAt(year, date));
        if (seen.has(date as string)) fail((h) => h.twice(date as string), text.lastIndexOf(JSON.stringify(date)));
        seen.add(date as string);
        days[list].push(date as string);
      }
    }
    // A year without one day off is a file cut short, not a year the State Council gave none.
    if (days.holidays.length === 0) fail((h) => h.noHolidays(year), yearAt(year));
    schedule[year] = days;
  }
  return schedule;
}
