import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addWorkdays, hasHolidayData, isWorkday, uncoveredYears, useHolidays } from '../src/dates.ts';
import { loadHolidays } from '../src/holidays.ts';
import { tempDir, useTeamHarness } from './helpers/harness.ts';
import { ok } from './helpers/replies.ts';
import { START } from './helpers/start.ts';

/**
 * A 2027 arrangement INVENTED FOR THESE TESTS (the State Council had not published 2027's when this was
 * written): Spring Festival 2027-02-05 to 02-11 off, Sunday 01-31 and Saturday 02-20 worked instead.
 */
const INVENTED_2027 = { '2027': { holidays: ['2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'], workdays: ['2027-01-31', '2027-02-20'] } };

const dirs: Array<ReturnType<typeof tempDir>> = [];
afterEach(() => {
  useHolidays({});
  dirs.splice(0).forEach((d) => d.cleanup());
});

/** `text` written as a holiday file in a fresh folder; its path. */
function holidayFile(text: string): string {
  const d = tempDir();
  dirs.push(d);
  const file = join(d.dir, 'holidays.json');
  writeFileSync(file, text);
  return file;
}

describe('the calendar beyond the built-in years', () => {
  it('counts working days across the 2027 Spring Festival Monday to Friday without a schedule, and with the office\'s skips its holidays and works its make-up days', () => {
    expect(hasHolidayData('2026-12-31')).toBe(true);
    expect(hasHolidayData('2027-02-08')).toBe(false);
    expect(uncoveredYears('2026-12-20', '2027-03-01')).toEqual([2027]);
    // 2027-02-01 is a Monday: ten working days later, by Monday to Friday, is Monday 02-15.
    expect(addWorkdays('2027-02-01', 10)).toBe('2027-02-15');
    expect(isWorkday('2027-01-31')).toBe(false);

    useHolidays(INVENTED_2027);
    expect(hasHolidayData('2027-02-08')).toBe(true);
    expect(uncoveredYears('2026-12-20', '2027-03-01')).toEqual([]);
    // Now 02-05 and 02-08…02-11 are off and Saturday 02-20 works: 02-02, 03, 04, 12, 15, 16, 17, 18, 19, 20.
    expect(addWorkdays('2027-02-01', 10)).toBe('2027-02-20');
    expect(isWorkday('2027-01-31')).toBe(true);
    expect(isWorkday('2027-01-01')).toBe(false);
    // The built-in years are untouched.
    expect(isWorkday('2026-02-16')).toBe(false);
    expect(isWorkday('2026-02-14')).toBe(true);
  });
});

describe('XC_HOLIDAYS: the office\'s holiday file', () => {
  it('reads a file of years, each with its holidays and make-up working days', () => {
    expect(loadHolidays(holidayFile(JSON.stringify(INVENTED_2027, null, 2)))).toEqual(INVENTED_2027);
    expect(loadHolidays(holidayFile('{"2028": {"holidays": ["2028-01-01"]}}'))).toEqual({ '2028': { holidays: ['2028-01-01'], workdays: [] } });
  });

  it.each([
    ['{\n  "2027": {\n    "holidays": ["2027-01-01",]\n  }\n}', 'line 3: is not valid JSON.'],
    ['{\n  "27": {"holidays": ["2027-01-01"]}\n}', 'line 2: "27" is not a year (four digits, such as "2027").'],
    ['{\n  "2027": {\n    "holidays": [\n      "2027-01-01",\n      "2027-02-30"\n    ]\n  }\n}', 'line 5: "2027-02-30" under 2027 is not a date (YYYY-MM-DD).'],
    ['{\n  "2027": {\n    "holidays": ["2027-01-01"],\n    "workdays": ["2026-12-27"]\n  }\n}', 'line 4: 2026-12-27 is listed under 2027.'],
    ['{\n  "2027": {\n    "holidays": ["2027-02-08"],\n    "workdays": ["2027-02-08"]\n  }\n}', 'line 4: 2027-02-08 is listed twice.'],
    ['{\n  "2027": {\n    "holidays": ["2027-01-01"],\n    "workday": ["2027-01-31"]\n  }\n}', 'line 4: 2027 has "workday": only "holidays" and "workdays" are read.'],
    ['{\n  "2027": {\n    "workdays": ["2027-01-31"]\n  }\n}', 'line 2: 2027 "holidays" must be a list of dates.'],
    ['{\n  "2027": {"holidays": []}\n}', 'line 2: 2027 has no holidays.'],
    ['["2027-01-01"]', 'must be an object of years: {"2027": {"holidays": […], "workdays": […]}}.'],
  ])('refuses a mistake with one sentence naming the file and its line: %#', (text, problem) => {
    const file = holidayFile(text);
    expect(() => loadHolidays(file)).toThrow(`XC_HOLIDAYS: ${file}${problem.startsWith('line') ? ' ' : ': '}${problem}`);
  });

  it('refuses a file it cannot read, naming it', () => {
    expect(() => loadHolidays('/nonexistent/holidays.json')).toThrow('XC_HOLIDAYS: /nonexistent/holidays.json: cannot be read (ENOENT).');
  });
});

describe('a working-day deadline in a year no calendar covers', () => {
  const setup = useTeamHarness();

  it('is computed Monday to Friday and the reply says so in one line; with the year loaded it skips its holidays and says nothing', async () => {
    const { h, teamId } = await setup();
    // 2026-11-25 (the harness's today) + 55 working days reaches February 2027.
    const bare = (await ok(h, '组员', '/docs request 党委会议记录 --unit 城关镇 --due 55工作日')).text;
    expect(bare.split('\n').at(-1)).toBe('注意：2027年的法定节假日安排尚未载入，工作日暂按周一至周五计算（巡察办可用 XC_HOLIDAYS 载入）。');
    expect((await h.bot.services.docs.get(teamId, 1))?.due).toBe('2027-02-10');
    // A calendar date, or working days within the covered years, need no note.
    expect((await ok(h, '组员', '/docs request 财务凭证 --unit 城关镇 --due 2027-03-01')).text).not.toContain('XC_HOLIDAYS');
    expect((await ok(h, '组员', '/docs request 会议纪要 --unit 城关镇 --due 5工作日')).text).not.toContain('XC_HOLIDAYS');

    useHolidays(INVENTED_2027);
    const loaded = (await ok(h, '组员', '/docs request 村务公开记录 --unit 城关镇 --due 55工作日')).text;
    expect(loaded).not.toContain('XC_HOLIDAYS');
    // 01-01 off and Sunday 01-31 worked cancel out; 02-05 and 02-08…02-11 off: a week later than Monday to Friday.
    expect((await h.bot.services.docs.get(teamId, 4))?.due).toBe('2027-02-17');
  });
});

describe('npm start with XC_HOLIDAYS', () => {
  it('stops with one sentence naming the file and the bad line, before anything runs', () => {
    const d = tempDir();
    dirs.push(d);
    const file = holidayFile('{\n  "2027": {\n    "holidays": ["2027-13-01"]\n  }\n}');
    const { PATH, HOME } = process.env;
    const run = spawnSync(START.command, START.args, {
      input: '/help\n',
      env: { PATH, HOME, XC_STORE: `sqlite://${join(d.dir, 'x.sqlite')}`, LOG_FILE: join(d.dir, 'x.log'), XC_HOLIDAYS: file },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`xuncha: XC_HOLIDAYS 文件 ${file} 第 3 行：2027 下的 "2027-13-01" 不是日期（应为 YYYY-MM-DD）。请改正该文件后重新启动。\n`);
    expect(run.stdout).toBe('');
  });
});
