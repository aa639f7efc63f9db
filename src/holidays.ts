/**
 * The office's holiday file (XC_HOLIDAYS): the State Council's arrangement for years the built-in
 * calendar does not cover yet, as `{"2027": {"holidays": ["2027-01-01", …], "workdays": [ … ]}}`.
 * Read once at start-up; a mistake stops the start with one sentence naming the file and its line,
 * since a wrong day off would move every working-day deadline after it.
 */
import { readFileSync } from 'node:fs';
import { isIsoDate, type IsoDate, type YearSchedule } from './dates.ts';
import { lineAt, syntaxErrorAt } from './json-text.ts';

/** Thrown by loadHolidays: the message names XC_HOLIDAYS, the file and, where there is one, the line. */
export class HolidayFileError extends Error {
  override readonly name = 'HolidayFileError';
}

/** Read and check the holiday file `file`: every year four digits, every date real and in its year, none twice. */
export function loadHolidays(file: string): Record<string, YearSchedule> {
  const fail = (problem: string, at?: number): never => {
    throw new HolidayFileError(`XC_HOLIDAYS: ${file}${at === undefined ? '' : ` line ${lineAt(text, at)}`}: ${problem}`);
  };
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    fail(`cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    fail('is not valid JSON.', syntaxErrorAt(text, (err as Error).message));
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail('must be an object of years: {"2027": {"holidays": […], "workdays": […]}}.');
  // Where a year's entry, and a date within it, stand in the text: the line a mistake is on.
  const yearAt = (year: string) => text.indexOf(JSON.stringify(year));
  const dateAt = (year: string, date: unknown) => text.indexOf(JSON.stringify(date), yearAt(year));
  const schedule: Record<string, YearSchedule> = {};
  const seen = new Set<IsoDate>();
  for (const [year, entry] of Object.entries(data as Record<string, unknown>)) {
    if (!/^\d{4}$/.test(year)) fail(`"${year}" is not a year (four digits, such as "2027").`, yearAt(year));
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) fail(`${year} must be {"holidays": […], "workdays": […]}.`, yearAt(year));
    const { holidays, workdays = [], ...other } = entry as Record<string, unknown>;
    const extra = Object.keys(other)[0];
    if (extra !== undefined) fail(`${year} has "${extra}": only "holidays" and "workdays" are read.`, text.indexOf(JSON.stringify(extra), yearAt(year)));
    const days: Record<'holidays' | 'workdays', IsoDate[]> = { holidays: [], workdays: [] };
    for (const [list, values] of [['holidays', holidays], ['workdays', workdays]] as const) {
      if (!Array.isArray(values)) fail(`${year} "${list}" must be a list of dates.`, yearAt(year));
      for (const date of values as unknown[]) {
        if (typeof date !== 'string' || !isIsoDate(date)) fail(`${JSON.stringify(date)} under ${year} is not a date (YYYY-MM-DD).`, dateAt(year, date));
        if (!(date as string).startsWith(`${year}-`)) fail(`${date} is listed under ${year}.`, dateAt(year, date));
        if (seen.has(date as string)) fail(`${date} is listed twice.`, text.lastIndexOf(JSON.stringify(date)));
        seen.add(date as string);
        days[list].push(date as string);
      }
    }
    // A year without one day off is a file cut short, not a year the State Council gave none.
    if (days.holidays.length === 0) fail(`${year} has no holidays.`, yearAt(year));
    schedule[year] = days;
  }
  return schedule;
}
