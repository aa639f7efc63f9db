// Calendar dates for deadlines. A date is a plain `YYYY-MM-DD` string: it has no time and no
// zone, so it cannot drift. "Today" is read once in the configured zone (todayIn); all arithmetic
// after that is done in UTC, where every day is exactly 86 400 000 ms long.

// chinese-days' functions (isWorkday, findWorkday…) parse 'YYYY-MM-DD' as UTC midnight but read it
// back with local-time getters, and build their holiday tables the same way when imported, so in a
// process whose TZ is west of UTC (e.g. America/New_York) every answer is off by one day. We
// therefore read the package's published, zone-free table instead (documented in its README) and
// apply its own rule: a make-up workday (调休) works, else Mon–Fri works unless it is a holiday.
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

const DAY_MS = 86_400_000;
const holidays: Record<string, string> = chineseDays.holidays;
const makeUpWorkdays: Record<string, string> = chineseDays.workdays;
// The years the package has official arrangements for (2004–2026 in chinese-days 1.5.7).
const dataYears = Object.keys(holidays).map((d) => Number(d.slice(0, 4)));
const firstDataYear = Math.min(...dataYears);
const lastDataYear = Math.max(...dataYears);

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// Year, month and day as numbers, or undefined unless `s` is a real `YYYY-MM-DD` date.
function split(s: string): [number, number, number] | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return [y, mo, d];
}

// Milliseconds of UTC midnight. setUTCFullYear, unlike Date.UTC, does not map years 0–99 to
// 1900–1999; out-of-range months/days roll over (used on purpose by resolveMonthDay).
function utcMs(y: number, mo: number, d: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  return t.getTime();
}

function msOf(d: IsoDate): number {
  const p = split(d);
  // Arithmetic on a malformed date would silently produce garbage (or "NaN-NaN-NaN"), so refuse.
  if (!p) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(d)}`);
  return utcMs(...p);
}

function isoOf(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

// Building an Intl.DateTimeFormat is slow, and the bot asks for the same zone all the time.
const formatters = new Map<string, Intl.DateTimeFormat>();
// formatToParts costs microseconds, and a list formats a date for every line. A zone's offset changes
// only at its transitions, all on a quarter-hour since 1980: so the offset found at both ends of a
// quarter-hour holds for every instant in it, and the wall clock is then plain arithmetic. Offsets
// are remembered per quarter-hour; a quarter-hour with a transition in it asks Intl every time.
const QUARTER_MS = 15 * 60_000;
const SINCE_MS = Date.UTC(1980, 0, 1);
const offsets = new Map<string, Map<number, number | undefined>>();
const MAX_QUARTERS = 20_000;

/** The zone's offset from UTC in ms at `ms` (a whole minute, as it is for every zone since 1980). */
function offsetAt(ms: number, timeZone: string): number {
  const p = formatParts(new Date(ms), timeZone);
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute)) - (ms - (ms % 60_000));
}

/** The offset that holds through the whole quarter-hour `q`, or undefined when it changes inside it. */
function quarterOffset(q: number, timeZone: string): number | undefined {
  let known = offsets.get(timeZone);
  if (!known) offsets.set(timeZone, (known = new Map()));
  if (known.has(q)) return known.get(q);
  if (known.size >= MAX_QUARTERS) known.clear();
  const start = offsetAt(q * QUARTER_MS, timeZone);
  const steady = start === offsetAt((q + 1) * QUARTER_MS - 1, timeZone) ? start : undefined;
  known.set(q, steady);
  return steady;
}

/** Year, month, day, hour and minute of `now` on the zone's wall clock, as Intl spells them. */
function partsIn(now: Date, timeZone: string): Record<string, string> {
  const ms = now.getTime();
  const offset = ms >= SINCE_MS ? quarterOffset(Math.floor(ms / QUARTER_MS), timeZone) : undefined;
  if (offset === undefined) return formatParts(now, timeZone);
  const wall = new Date(ms + offset);
  return {
    year: String(wall.getUTCFullYear()),
    month: pad(wall.getUTCMonth() + 1),
    day: pad(wall.getUTCDate()),
    hour: pad(wall.getUTCHours()),
    minute: pad(wall.getUTCMinutes()),
  };
}

function formatParts(now: Date, timeZone: string): Record<string, string> {
  let f = formatters.get(timeZone);
  if (!f) {
    // en-US + gregory + latn pins the parts to ASCII Gregorian numbers whatever the host locale;
    // h23 avoids the "24:05" that hour12:false gives at midnight on some engines.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return Object.fromEntries(f.formatToParts(now).map((p) => [p.type, p.value]));
}

/** The calendar date of instant `now` in `timeZone` (throws RangeError for an unknown zone). */
export function todayIn(now: Date, timeZone: string): IsoDate {
  const p = partsIn(now, timeZone);
  return `${pad(Number(p.year), 4)}-${p.month}-${p.day}`;
}

/** The wall-clock time `HH:MM` (24-hour) of instant `now` in `timeZone`. */
export function timeIn(now: Date, timeZone: string): string {
  const p = partsIn(now, timeZone);
  return `${p.hour}:${p.minute}`;
}

/** Whether `s` is a `YYYY-MM-DD` string naming a real calendar date. */
export function isIsoDate(s: string): boolean {
  return split(s) !== undefined;
}

/** The date `n` days after `d` (before it when `n` is negative). */
export function addDays(d: IsoDate, n: number): IsoDate {
  return isoOf(msOf(d) + n * DAY_MS);
}

/** The number of days from `a` to `b` (b − a; negative when b is earlier). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((msOf(b) - msOf(a)) / DAY_MS);
}

/** The official arrangement of one year: its days off, and the weekend days worked instead (调休). */
export interface YearSchedule {
  holidays: IsoDate[];
  workdays: IsoDate[];
}

/** Years the office loaded (XC_HOLIDAYS): they count before, and beside, the package's. */
let loaded = { years: new Set<number>(), holidays: new Set<IsoDate>(), workdays: new Set<IsoDate>() };

/**
 * Use the official arrangements of `schedule`'s years, published after the package was: set once at
 * start-up from XC_HOLIDAYS (src/holidays.ts). A year in both is read from `schedule`, the newer.
 */
export function useHolidays(schedule: Readonly<Record<string, YearSchedule>>): void {
  const years = Object.entries(schedule);
  loaded = {
    years: new Set(years.map(([year]) => Number(year))),
    holidays: new Set(years.flatMap(([, y]) => y.holidays)),
    workdays: new Set(years.flatMap(([, y]) => y.workdays)),
  };
}

/** Whether the official holiday arrangement for the year of `d` is known: the package's years, or the office's. */
export function hasHolidayData(d: IsoDate): boolean {
  const year = Number(d.slice(0, 4));
  return loaded.years.has(year) || (year >= firstDataYear && year <= lastDataYear);
}

/** The years from `from` to `to` (both included) whose holiday arrangement is not known. */
export function uncoveredYears(from: IsoDate, to: IsoDate): number[] {
  const years: number[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    if (!hasHolidayData(`${pad(year, 4)}-01-01`)) years.push(year);
  }
  return years;
}

/** Whether `d` is a working day in mainland China: official holidays off, 调休 make-up days on. */
export function isWorkday(d: IsoDate): boolean {
  const weekday = new Date(msOf(d)).getUTCDay(); // 0 = Sunday
  const monToFri = weekday >= 1 && weekday <= 5;
  // A year no arrangement covers is plain Monday–Friday: its deadlines are still computed, and the
  // command that set one says so (lookups.ts). The State Council publishes next year's around
  // November; the office loads it with XC_HOLIDAYS the day it is out.
  if (loaded.years.has(Number(d.slice(0, 4)))) return loaded.workdays.has(d) || (monToFri && !loaded.holidays.has(d));
  if (!hasHolidayData(d)) return monToFri;
  if (makeUpWorkdays[d] !== undefined) return true;
  return monToFri && holidays[d] === undefined;
}

/** The date `n` (≥ 1) working days after `d`; `d` itself is not counted. */
export function addWorkdays(d: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`working days must be an integer ≥ 1: ${n}`);
  let day = d;
  for (let left = n; left > 0; ) {
    day = addDays(day, 1);
    if (isWorkday(day)) left--;
  }
  return day;
}

// Month-day without a year (`12-31`, `12月31日`): this year's date, unless that date lies more than
// 183 days (about six months) before today, then next year's. So late in the year `01-15` means the
// coming January, while a date a few weeks or months back stays in this year (an overdue deadline).
// The rule only ever looks forward: on 2027-01-02, `12-31` is 2027-12-31, not two days ago.
// 02-29 is decided by the same rule and then rejected if that year has no 29 February.
function resolveMonthDay(month: number, day: number, today: IsoDate): IsoDate | DateProblem {
  if (month < 1 || month > 12 || day < 1) return UNREADABLE;
  // No year is typed: 4月31日 is wrong in every year, 2月29日 only in the year chosen below.
  if (day > daysInMonth(2000, month)) return { kind: 'noSuchDay', month, day, last: daysInMonth(2000, month) };
  const year = Number(today.slice(0, 4));
  // In a non-leap year utcMs rolls 02-29 over to 03-01, which is close enough to pick the year.
  const daysBefore = Math.round((msOf(today) - utcMs(year, month, day)) / DAY_MS);
  return dateOf(daysBefore > 183 ? year + 1 : year, month, day);
}

// Chat input arrives from Chinese IMEs: full-width digits/letters/signs and assorted dashes.
function normalise(input: string): string {
  return input
    .replace(/[０-９Ａ-Ｚａ-ｚ＋／．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[－—–‐‑−]/g, '-')
    .trim() // String.prototype.trim also strips the ideographic space U+3000
    .toLowerCase();
}

const MAX_DAYS = 3650; // ten years: anything further is a typo, not a deadline
// A Map, not an object literal, so that input like "constructor" does not hit Object.prototype.
const RELATIVE = new Map([['今天', 0], ['今日', 0], ['明天', 1], ['明日', 1], ['后天', 2], ['大后天', 3], ['昨天', -1], ['昨日', -1], ['前天', -2]]);

/** Why a typed date was not taken: not a date at all, a day its month does not have, or too far from today. */
export type DateProblem =
  | { kind: 'unreadable' }
  /** `year` when the year is known (typed, or chosen for a month-day): 2027年2月 has no 29th, while 4月 never has a 31st. */
  | { kind: 'noSuchDay'; year?: number; month: number; day: number; last: number }
  | { kind: 'tooFar'; maxDays: number };

/** A date as read: the date, and whether it was counted in working days (15工作日), which a calendar decides. */
export type ReadDate = { date: IsoDate; workdays: boolean };

/** Reads a deadline typed in chat relative to `today` (a valid IsoDate); undefined if it is not one. */
export function parseDate(input: string, today: IsoDate): IsoDate | undefined {
  return parseDeadline(input, today)?.date;
}

/** `parseDate`, saying also whether the date was counted in working days. */
export function parseDeadline(input: string, today: IsoDate): ReadDate | undefined {
  const read = readDeadline(input, today);
  return 'problem' in read ? undefined : read;
}

/** `parseDeadline`, saying why a date was not taken, for a reply that names the mistake (2026年2月没有30日). */
export function readDeadline(input: string, today: IsoDate): ReadDate | { problem: DateProblem } {
  const read = readDate(input, today);
  if (typeof read !== 'string') return { problem: read };
  // Every form, typed or counted, stays within ten years of today: 9999-12-31 and +9999d are typos.
  if (Math.abs(daysBetween(today, read)) > MAX_DAYS) return { problem: { kind: 'tooFar', maxDays: MAX_DAYS } };
  return { date: read, workdays: /wd|工作日/.test(normalise(input)) };
}

const UNREADABLE: DateProblem = { kind: 'unreadable' };

/** The date `year`-`month`-`day`, or the problem: a month of 1–12 without that day. */
function dateOf(year: number, month: number, day: number): IsoDate | DateProblem {
  if (month < 1 || month > 12 || day < 1) return UNREADABLE;
  if (day > daysInMonth(year, month)) return { kind: 'noSuchDay', year, month, day, last: daysInMonth(year, month) };
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

function readDate(input: string, today: IsoDate): IsoDate | DateProblem {
  // Every accepted form is short; this keeps a pasted essay away from the regexes.
  if (input.length > 40) return UNREADABLE;
  const s = normalise(input);

  const offset = RELATIVE.get(s);
  if (offset !== undefined) return addDays(today, offset);

  // 2026-12-31, 2026/12/31, 2026.12.31 (one separator throughout), 2026年12月31日 / 31号.
  const full =
    /^(?<y>\d{4})(?<sep>[-/.])(?<m>\d{1,2})\k<sep>(?<d>\d{1,2})$/.exec(s) ??
    /^(?<y>\d{4})年(?<m>\d{1,2})月(?<d>\d{1,2})[日号]$/.exec(s);
  if (full?.groups) {
    const { y, m, d } = full.groups;
    return dateOf(Number(y), Number(m), Number(d));
  }

  // 12-31, 12/31, 12月31日, 12月31号.
  const monthDay = /^(\d{1,2})[-/](\d{1,2})$/.exec(s) ?? /^(\d{1,2})月(\d{1,2})[日号]$/.exec(s);
  if (monthDay) return resolveMonthDay(Number(monthDay[1]), Number(monthDay[2]), today);

  // +7d, 7d, 7天, 7天后, 7 天 (calendar days), 3天前 (days back), and 15工作日, 15个工作日(后), +15wd (working days).
  const count = /^\+?(\d+)\s*(d|天|wd|个?工作日)(后|前)?$/.exec(s);
  if (count) {
    const n = Number(count[1]);
    const calendar = count[2] === 'd' || count[2] === '天';
    // Back in time only in words and only in calendar days (3天前): a working-day deadline looks forward.
    if (n < 1 || (count[3] === '前' && (!calendar || count[2] === 'd'))) return UNREADABLE;
    if (n > MAX_DAYS) return { kind: 'tooFar', maxDays: MAX_DAYS };
    if (count[3] === '前') return addDays(today, -n);
    return calendar ? addDays(today, n) : addWorkdays(today, n);
  }

  return UNREADABLE;
}

/** A stored instant as people read it in the zone: `YYYY-MM-DD HH:MM`. */
export function localDateTime(iso: string, timeZone: string): string {
  const at = new Date(iso);
  return `${todayIn(at, timeZone)} ${timeIn(at, timeZone)}`;
}

/** The calendar date of a stored instant in the zone. */
export function localDate(iso: string, timeZone: string): IsoDate {
  return todayIn(new Date(iso), timeZone);
}
