import { describe, expect, it } from 'vitest';
import {
  addDays,
  addWorkdays,
  daysBetween,
  hasHolidayData,
  isIsoDate,
  isWorkday,
  parseDate,
  readDeadline,
  timeIn,
  todayIn,
} from '../src/dates.ts';

// Expected dates below were worked out by hand / with Python's datetime and checked against
// node_modules/chinese-days/dist/chinese-days.json (1.5.7), never computed with src/dates.ts.
// 2025 National Day: holidays 10-01..10-08 (Wed–Wed), 调休 workdays 09-28 (Sun) and 10-11 (Sat).
// 2026 Spring Festival: holidays 02-15..02-23 (Sun–Mon), 调休 workdays 02-14 (Sat) and 02-28 (Sat).
// 2026-11-25 is a Wednesday; there are no holidays in Nov–Dec 2026.

const TODAY = '2026-11-25';

describe('todayIn / timeIn', () => {
  it('reads the date in the zone, across midnight and the year end', () => {
    const lateNewYearsEveUtc = new Date('2026-12-31T16:30:00Z');
    expect(todayIn(lateNewYearsEveUtc, 'Asia/Shanghai')).toBe('2027-01-01');
    expect(todayIn(lateNewYearsEveUtc, 'UTC')).toBe('2026-12-31');
    expect(timeIn(lateNewYearsEveUtc, 'Asia/Shanghai')).toBe('00:30');
    expect(timeIn(lateNewYearsEveUtc, 'UTC')).toBe('16:30');
  });

  it('switches date exactly at Shanghai midnight (16:00 UTC)', () => {
    expect(todayIn(new Date('2026-11-25T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-11-25');
    expect(todayIn(new Date('2026-11-25T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-26');
    expect(timeIn(new Date('2026-11-25T16:00:00Z'), 'Asia/Shanghai')).toBe('00:00');
    expect(timeIn(new Date('2026-11-25T15:59:59Z'), 'Asia/Shanghai')).toBe('23:59');
    expect(todayIn(new Date('2026-11-25T23:59:59Z'), 'UTC')).toBe('2026-11-25');
  });

  it('answers each instant afresh: the last millisecond before midnight, then midnight, then back, and other zones in between', () => {
    const before = new Date('2026-11-25T15:59:59.999Z');
    const midnight = new Date('2026-11-25T16:00:00.000Z');
    expect(todayIn(before, 'Asia/Shanghai')).toBe('2026-11-25');
    expect(todayIn(midnight, 'Asia/Shanghai')).toBe('2026-11-26');
    expect(todayIn(midnight, 'America/New_York')).toBe('2026-11-25');
    expect(timeIn(midnight, 'Asia/Shanghai')).toBe('00:00');
    expect(todayIn(before, 'Asia/Shanghai')).toBe('2026-11-25');
    expect(timeIn(new Date('2026-11-25T16:00:00.999Z'), 'Asia/Shanghai')).toBe('00:00');
  });

  it('reads the wall clock as Intl does, minute by minute across daylight-saving transitions and odd offsets', () => {
    // Intl itself is the reference here: the offsets remembered per quarter-hour must never differ from it.
    const reference = (at: Date, timeZone: string) => {
      const p = Object.fromEntries(
        new Intl.DateTimeFormat('en-US', { timeZone, calendar: 'gregory', numberingSystem: 'latn', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
          .formatToParts(at)
          .map((x) => [x.type, x.value]),
      );
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
    };
    const around = [
      ['America/New_York', '2026-03-08T07:00:00Z'], // 02:00 EST → 03:00 EDT
      ['America/New_York', '2026-11-01T06:00:00Z'], // 02:00 EDT → 01:00 EST
      ['Europe/London', '2026-10-25T01:00:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'], // a half-hour step
      ['Asia/Kathmandu', '2026-06-01T00:00:00Z'], // +05:45
      ['Asia/Shanghai', '1991-04-13T18:00:00Z'], // China's last daylight saving, 1991
      ['Asia/Shanghai', '1991-09-14T17:00:00Z'],
    ] as const;
    let compared = 0;
    for (const [zone, at] of around) {
      const t = Date.parse(at);
      // Every minute of two hours either side, and instants off the minute.
      for (let ms = t - 2 * 3600_000; ms <= t + 2 * 3600_000; ms += 60_000 - 7) {
        const when = new Date(ms);
        expect(`${todayIn(when, zone)} ${timeIn(when, zone)}`, `${zone} ${when.toISOString()}`).toBe(reference(when, zone));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1500);
  });

  it('rejects an unknown zone', () => {
    expect(() => todayIn(new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('addDays / daysBetween / isIsoDate', () => {
  it('crosses month ends, leap days and the year end', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2028-02-29', 1)).toBe('2028-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-01-01', 365)).toBe('2028-12-31');
    expect(addDays('2026-11-25', 0)).toBe('2026-11-25');
  });

  it('counts days between dates', () => {
    expect(daysBetween('2026-11-25', '2027-01-15')).toBe(51);
    expect(daysBetween('2027-01-15', '2026-11-25')).toBe(-51);
    expect(daysBetween('2028-02-01', '2028-03-01')).toBe(29);
    expect(daysBetween('2026-02-01', '2026-03-01')).toBe(28);
  });

  it('accepts only real YYYY-MM-DD dates', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2100-02-29')).toBe(false);
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-00-10')).toBe(false);
    expect(isIsoDate('2026-1-5')).toBe(false);
    expect(isIsoDate('2026-12-31 ')).toBe(false);
    expect(isIsoDate('')).toBe(false);
  });

  it('refuses arithmetic on malformed dates instead of returning garbage', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => daysBetween('soon', '2026-01-01')).toThrow(RangeError);
  });
});

describe('isWorkday / addWorkdays', () => {
  it('follows the 2025 National Day arrangement', () => {
    expect(isWorkday('2025-09-27')).toBe(false); // Saturday
    expect(isWorkday('2025-09-28')).toBe(true); // Sunday, 调休 workday
    expect(isWorkday('2025-10-01')).toBe(false);
    expect(isWorkday('2025-10-08')).toBe(false); // Wednesday, still holiday
    expect(isWorkday('2025-10-09')).toBe(true);
    expect(isWorkday('2025-10-11')).toBe(true); // Saturday, 调休 workday
    expect(isWorkday('2025-10-12')).toBe(false); // Sunday
  });

  it('skips the National Day holiday and counts make-up workdays', () => {
    expect(addWorkdays('2025-09-30', 1)).toBe('2025-10-09');
    expect(addWorkdays('2025-09-30', 3)).toBe('2025-10-11');
    expect(addWorkdays('2025-09-30', 4)).toBe('2025-10-13');
    expect(addWorkdays('2025-09-26', 1)).toBe('2025-09-28');
    expect(addWorkdays('2025-09-26', 4)).toBe('2025-10-09');
  });

  it('follows the 2026 Spring Festival arrangement', () => {
    expect(isWorkday('2026-02-14')).toBe(true); // Saturday, 调休 workday
    expect(isWorkday('2026-02-23')).toBe(false); // Monday, holiday
    expect(addWorkdays('2026-02-13', 1)).toBe('2026-02-14');
    expect(addWorkdays('2026-02-14', 1)).toBe('2026-02-24');
    expect(addWorkdays('2026-02-24', 4)).toBe('2026-02-28');
    expect(addWorkdays('2026-02-24', 5)).toBe('2026-03-02');
  });

  it('skips an ordinary weekend', () => {
    expect(addWorkdays('2026-11-27', 1)).toBe('2026-11-30'); // Friday → Monday
    expect(addWorkdays('2026-11-28', 1)).toBe('2026-11-30'); // from Saturday
    expect(addWorkdays('2026-11-25', 15)).toBe('2026-12-16');
  });

  it('falls back to Monday–Friday outside the package data', () => {
    expect(hasHolidayData('2004-01-01')).toBe(true);
    expect(hasHolidayData('2026-12-31')).toBe(true);
    expect(hasHolidayData('2003-10-01')).toBe(false);
    expect(hasHolidayData('2030-10-01')).toBe(false);
    expect(isWorkday('2003-10-01')).toBe(true); // Wednesday, holiday in reality
    expect(isWorkday('2030-10-01')).toBe(true); // Tuesday, holiday in reality
    expect(isWorkday('2030-10-05')).toBe(false); // Saturday
  });

  it('rejects a non-positive or fractional count', () => {
    expect(() => addWorkdays('2026-11-25', 0)).toThrow(RangeError);
    expect(() => addWorkdays('2026-11-25', -1)).toThrow(RangeError);
    expect(() => addWorkdays('2026-11-25', 1.5)).toThrow(RangeError);
  });
});

describe('parseDate', () => {
  it.each([
    '2026-12-31',
    '2026/12/31',
    '2026.12.31',
    '2026年12月31日',
    '2026年12月31号',
    '２０２６－１２－３１',
    '２０２６年１２月３１日',
    '2026／12／31',
    '２０２６．１２．３１',
    '2026—12—31',
    '2026–12–31',
    '\u30002026-12-31\u3000',
    '  2026-12-31\n',
    '12-31',
    '12/31',
    '12月31日',
    '12月31号',
    '１２月３１日',
    '12－31',
  ])('reads %j as 2026-12-31', (input) => {
    expect(parseDate(input, TODAY)).toBe('2026-12-31');
  });

  it.each(['2026-1-5', '2026/1/5', '2026.1.5', '2026年1月5日', '2026-01-05'])('reads %j as 2026-01-05', (input) => {
    expect(parseDate(input, TODAY)).toBe('2026-01-05');
  });

  it.each([
    ['今天', '2026-11-25'],
    ['今日', '2026-11-25'],
    ['明天', '2026-11-26'],
    ['明日', '2026-11-26'],
    ['后天', '2026-11-27'],
    ['大后天', '2026-11-28'],
    ['昨天', '2026-11-24'],
    ['昨日', '2026-11-24'],
    ['前天', '2026-11-23'],
    ['7天后', '2026-12-02'],
    ['７天后', '2026-12-02'],
    ['3天前', '2026-11-22'],
    ['15个工作日后', '2026-12-16'],
    ['15工作日后', '2026-12-16'],
    ['+7d', '2026-12-02'],
    ['7d', '2026-12-02'],
    ['7D', '2026-12-02'],
    ['7天', '2026-12-02'],
    ['+7天', '2026-12-02'],
    ['7 天', '2026-12-02'],
    ['７天', '2026-12-02'],
    ['＋７ｄ', '2026-12-02'],
    ['1天', '2026-11-26'],
    ['3650天', '2036-11-22'],
    ['15工作日', '2026-12-16'],
    ['15个工作日', '2026-12-16'],
    ['+15wd', '2026-12-16'],
    ['15wd', '2026-12-16'],
    ['15 个工作日', '2026-12-16'],
    ['１５ＷＤ', '2026-12-16'],
    ['1工作日', '2026-11-26'],
    ['3wd', '2026-11-30'],
  ])('reads %j on 2026-11-25 as %s', (input, expected) => {
    expect(parseDate(input, TODAY)).toBe(expected);
  });

  it('counts working days across official holidays', () => {
    expect(parseDate('1工作日', '2025-09-30')).toBe('2025-10-09');
    expect(parseDate('+2wd', '2026-02-13')).toBe('2026-02-24');
    expect(parseDate('10天', '2026-12-25')).toBe('2027-01-04');
  });

  it('puts a month-day within about six months of today', () => {
    expect(parseDate('01-15', TODAY)).toBe('2027-01-15');
    expect(parseDate('1月15日', TODAY)).toBe('2027-01-15');
    expect(parseDate('11-01', TODAY)).toBe('2026-11-01');
    expect(parseDate('11-25', TODAY)).toBe('2026-11-25');
    expect(parseDate('05-26', TODAY)).toBe('2026-05-26'); // exactly 183 days back: this year
    expect(parseDate('05-25', TODAY)).toBe('2027-05-25'); // 184 days back: next year
  });

  it('resolves month-days around the year end', () => {
    expect(parseDate('01-02', '2026-12-30')).toBe('2027-01-02');
    expect(parseDate('12-31', '2026-12-30')).toBe('2026-12-31');
    expect(parseDate('12-01', '2026-12-30')).toBe('2026-12-01');
    expect(parseDate('06-30', '2026-12-30')).toBe('2026-06-30'); // 183 days back
    expect(parseDate('06-29', '2026-12-30')).toBe('2027-06-29'); // 184 days back
    // Only ever forward: just after New Year, 12-31 is the coming year end.
    expect(parseDate('12-31', '2027-01-02')).toBe('2027-12-31');
    expect(parseDate('01-01', '2027-01-02')).toBe('2027-01-01');
  });

  it('takes 02-29 only when the chosen year has one', () => {
    expect(parseDate('02-29', '2027-11-25')).toBe('2028-02-29');
    expect(parseDate('2月29日', '2028-01-10')).toBe('2028-02-29');
    expect(parseDate('02-29', '2027-03-01')).toBeUndefined();
  });

  it.each([
    '',
    '   ',
    '\u3000',
    'hello',
    '下周一',
    'constructor',
    '2026-02-30',
    '2026-13-01',
    '2026年2月30日',
    '2026年12月31',
    '2026-12/31',
    '12-31-2026',
    '13月1日',
    '13-01',
    '02-30',
    '0-10',
    '0天',
    '0d',
    '0工作日',
    '-3d',
    '－3天',
    '3651天',
    '99999d',
    '1.5天',
    '7',
    '+7',
    '7日',
    'x'.repeat(10_000),
    '7'.repeat(9_999) + '天',
    '📅',
    '2026-12-31📅',
    '明天📅',
  ])('rejects %j', (input) => {
    expect(parseDate(input, TODAY)).toBeUndefined();
  });
});

describe('readDeadline', () => {
  it.each([
    ['2026-02-30', { kind: 'noSuchDay', year: 2026, month: 2, day: 30, last: 28 }],
    ['2026年2月30日', { kind: 'noSuchDay', year: 2026, month: 2, day: 30, last: 28 }],
    ['2026-04-31', { kind: 'noSuchDay', year: 2026, month: 4, day: 31, last: 30 }],
    ['2027-02-29', { kind: 'noSuchDay', year: 2027, month: 2, day: 29, last: 28 }],
    // No year typed: 4月 never has a 31st; 2月29日 lacks only in the year chosen for it.
    ['04-31', { kind: 'noSuchDay', month: 4, day: 31, last: 30 }],
    ['2月30日', { kind: 'noSuchDay', month: 2, day: 30, last: 29 }],
    ['+9999d', { kind: 'tooFar', maxDays: 3650 }],
    ['3651天', { kind: 'tooFar', maxDays: 3650 }],
    ['9999-12-31', { kind: 'tooFar', maxDays: 3650 }],
    ['2010-01-01', { kind: 'tooFar', maxDays: 3650 }],
    ['下周一', { kind: 'unreadable' }],
    ['13月1日', { kind: 'unreadable' }],
    ['-3d', { kind: 'unreadable' }],
    ['3工作日前', { kind: 'unreadable' }],
  ])('says why %j is not a date', (input, problem) => {
    expect(readDeadline(input, TODAY)).toEqual({ problem });
  });

  it('names the year it chose for 02-29', () => {
    expect(readDeadline('02-29', '2027-03-01')).toEqual({ problem: { kind: 'noSuchDay', year: 2027, month: 2, day: 29, last: 28 } });
  });

  it('says whether a date was counted in working days', () => {
    expect(readDeadline('15个工作日后', TODAY)).toEqual({ date: '2026-12-16', workdays: true });
    expect(readDeadline('昨天', TODAY)).toEqual({ date: '2026-11-24', workdays: false });
  });
});
