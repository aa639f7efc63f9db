import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createConsoleAdapter } from '../../adapters/console/console.ts';
import { drawChart, stopDrawing, type Chart } from '../../src/chart.ts';
import type { Reply } from '../../src/types.ts';
import { createHarness, createTeamHarness, dm, storeTask, tempDir, type Harness } from '../helpers/harness.ts';
import { signOff } from '../helpers/findings.ts';
import { ok, PNG_SIGNATURE, refused } from '../helpers/replies.ts';

// The renderer as it is, watched: which chart the export asks for, and a failure when a test wants one.
vi.mock('../../src/chart.ts', async (original) => {
  const actual = await original<typeof import('../../src/chart.ts')>();
  return { ...actual, drawChart: vi.fn(actual.drawChart) };
});
afterAll(() => stopDrawing());

/** The harness clock: 2026-11-25 09:00 in Asia/Shanghai. */
const T0 = '2026-11-25T01:00:00.000Z';
/** Local time to the second: each export a file of its own. */
const FILE = 'xuncha-第一巡察组-20261125-090000.xlsx';
const MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The summary first, then the three lists. */
const SHEETS = ['汇总', '问题清单', '任务清单', '责任清单'];
/** The leader's and the office's export adds the handover register. */
const LEADERS_SHEETS = [...SHEETS, '移交台账'];
const FINDING_HEADERS = ['编号', '被巡察单位', '类别', '标签', '来源', '严重程度', '状态', '问题描述', '登记人', '登记日期', '是否问题线索', '线索对象', '移交对象', '移交日期'];
const TASK_HEADERS = ['编号', '对应问题', '被巡察单位', '整改措施', '整改责任人', '整改时限', '立行立改', '状态', '是否逾期', '逾期天数', '完成说明', '销号人', '销号日期', '延期记录', '进展', '回头看'];
const DUTY_HEADERS = ['整改责任人', '被巡察单位', '编号', '整改措施', '整改时限', '状态', '是否逾期'];
const RED = 'FFFFC7CE';

const opened: Harness[] = [];
const dirs: Array<{ cleanup(): void }> = [];
afterEach(async () => {
  for (const h of opened.splice(0)) await h.dispose();
  for (const d of dirs.splice(0)) d.cleanup();
});

/** A fresh team harness, disposed after the test. */
async function setup(env?: Record<string, string>) {
  const t = await createTeamHarness(env);
  opened.push(t.h);
  return t;
}

/**
 * Three findings (F-2 a clue with its subject, F-3 handed over) and four tasks: R-1 overdue, R-2 done,
 * R-3 verified after an extension, R-4 open and not yet due, owned by someone outside the team.
 */
async function populate(h: Harness, teamId: string): Promise<void> {
  await ok(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风建设 --source 个别谈话 --severity 较重 --tag 四风、形式主义');
  await ok(h, '组员二', '/finding add 违规发放补贴 --unit 东关村 --cat 反腐败 --source 调阅材料 --severity 严重');
  await ok(h, '组长', '/finding clue F-2 --importance 重要 --subject 张某（村支书）', dm('组长'));
  await ok(h, '副组长', '/finding add 三重一大未集体决策 --unit 城关镇 --cat 政治建设');
  await signOff(h, 'F-3', { author: '副组长' });
  await ok(h, '组长', '/finding handover F-3 --to 单位 --note 已签收');
  await storeTask(h, teamId, { measure: '建立村务公开台账', due: '2026-11-20', immediate: true });
  await storeTask(h, teamId, {
    finding: 2, unit: '东关村', measure: '清退违规补贴', owner: 'console:组员二', due: '2026-11-18', state: 'done',
    doneNote: { at: '2026-11-17T02:00:00.000Z', by: 'console:组员二', text: '已全部清退，附收据' },
  });
  await storeTask(h, teamId, {
    finding: 3, measure: '修订议事规则', due: '2026-11-30', state: 'verified',
    doneNote: { at: '2026-11-22T02:00:00.000Z', by: 'console:组员', text: '新规则已印发' },
    verified: { at: '2026-11-23T16:30:00.000Z', by: 'console:组长' },
    extensions: [{ at: '2026-11-10T03:00:00.000Z', by: 'console:组长', from: '2026-11-15', to: '2026-11-30', reason: '需党委会审议' }],
  });
  await storeTask(h, teamId, { measure: '公开栏更新', owner: 'console:王主任', due: '2026-12-10' });
}

async function load(r: Reply): Promise<ExcelJS.Workbook> {
  expect(r.file).toBeDefined();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(r.file!.data) as unknown as ArrayBuffer);
  return wb;
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  expect(ws, name).toBeDefined();
  return ws!;
}

/** A row's cell values from column 1 (exceljs rows are 1-based with a hole at 0). */
function rowValues(ws: ExcelJS.Worksheet, n: number): unknown[] {
  const row = ws.getRow(n);
  return Array.from({ length: ws.columnCount }, (_, i) => row.getCell(i + 1).value);
}

/** Every value of a sheet, row by row: what it says, to look for words that must not be there. */
function cellsOf(ws: ExcelJS.Worksheet): unknown[] {
  const out: unknown[] = [];
  ws.eachRow((row) => row.eachCell((cell) => void out.push(cell.value)));
  return out;
}

const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
const fillOf = (cell: ExcelJS.Cell) => (cell.fill?.type === 'pattern' ? cell.fill.fgColor?.argb : undefined);
const exportAudits = async (h: Harness, teamId: string) => (await h.bot.services.audit.list(teamId)).filter((e) => e.action === 'export');

describe('/export', () => {
  it('sends the leader one workbook by direct message with the three lists', async () => {
    const { h, teamId } = await setup();
    await populate(h, teamId);
    const r = await ok(h, '组长', '/export');
    expect(r.visibility).toBe('dm');
    expect(r.file?.name).toBe(FILE);
    expect(r.file?.mime).toBe(MIME);
    expect(r.file?.data).toBeInstanceOf(Uint8Array);
    expect(r.text).toContain('问题清单 3 条，任务清单 4 项，责任清单 4 项');
    // Completed means signed off: R-3 only, not R-2 reported done.
    expect(r.text).toContain('整改完成率 25%（已销号 1 项，共 4 项；报告完成待销号的不计）。');
    expect(r.text).toContain('含问题线索 1 条');

    const wb = await load(r);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(LEADERS_SHEETS);

    const findings = sheet(wb, '问题清单');
    expect(rowValues(findings, 1)).toEqual(FINDING_HEADERS);
    expect(findings.rowCount).toBe(4);
    // Grouped by category in the office's order (政治建设, …, 作风建设, …, 反腐败), by reference within one.
    expect(rowValues(findings, 2)).toEqual([
      'F-3', '城关镇', '政治建设', null, '其他', '一般', '已移交', '三重一大未集体决策', '副组长', utc(2026, 11, 25), '否', null,
      '被巡察单位党组织主要负责人', utc(2026, 11, 25),
    ]);
    expect(rowValues(findings, 3)).toEqual([
      'F-1', '城关镇', '作风建设', '四风、形式主义', '个别谈话', '较重', '草稿', '村务公开不及时', '组员', utc(2026, 11, 25), '否', null, null, null,
    ]);
    expect(rowValues(findings, 4)).toEqual([
      'F-2', '东关村', '反腐败', null, '调阅材料', '严重', '草稿', '违规发放补贴', '组员二', utc(2026, 11, 25), '是', '张某（村支书）', null, null,
    ]);

    const tasks = sheet(wb, '任务清单');
    expect(rowValues(tasks, 1)).toEqual(TASK_HEADERS);
    expect(tasks.rowCount).toBe(5);
    expect(rowValues(tasks, 2)).toEqual(['R-1', 'F-1', '城关镇', '建立村务公开台账', '组员', utc(2026, 11, 20), '是', '进行中', '是', 5, null, null, null, null, null, null]);
    expect(rowValues(tasks, 3)).toEqual(['R-2', 'F-2', '东关村', '清退违规补贴', '组员二', utc(2026, 11, 18), '否', '已完成待销号', '否', null, '已全部清退，附收据', null, null, null, null, null]);
    // Verified at 00:30 on the 24th in Shanghai: the calendar date there, not the UTC one.
    expect(rowValues(tasks, 4)).toEqual([
      'R-3', 'F-3', '城关镇', '修订议事规则', '组员', utc(2026, 11, 30), '否', '已销号', '否', null, '新规则已印发', '组长', utc(2026, 11, 24),
      '2026-11-10：2026-11-15 → 2026-11-30（需党委会审议）', null, null,
    ]);
    expect(rowValues(tasks, 5)).toEqual(['R-4', 'F-1', '城关镇', '公开栏更新', '王主任', utc(2026, 12, 10), '否', '进行中', '否', null, null, null, null, null, null, null]);

    const duties = sheet(wb, '责任清单');
    expect(rowValues(duties, 1)).toEqual(DUTY_HEADERS);
    expect(duties.rowCount).toBe(5);
    // By owner, then deadline.
    expect([2, 3, 4, 5].map((n) => rowValues(duties, n).slice(0, 3))).toEqual([
      ['王主任', '城关镇', 'R-4'], ['组员', '城关镇', 'R-1'], ['组员', '城关镇', 'R-3'], ['组员二', '东关村', 'R-2'],
    ]);
    expect(rowValues(duties, 3)).toEqual(['组员', '城关镇', 'R-1', '建立村务公开台账', utc(2026, 11, 20), '进行中', '是']);
  });

  it('writes dates as real Excel dates and marks overdue rows, not done ones', async () => {
    const { h, teamId } = await setup();
    await populate(h, teamId);
    const wb = await load(await ok(h, '组长', '/export'));
    const tasks = sheet(wb, '任务清单');
    const due = tasks.getCell('F2');
    expect(due.type).toBe(ExcelJS.ValueType.Date);
    expect(due.value).toEqual(utc(2026, 11, 20));
    expect(due.numFmt).toBe('yyyy-mm-dd');
    expect(sheet(wb, '问题清单').getCell('J2').numFmt).toBe('yyyy-mm-dd');
    // R-1 is open and past its deadline: every cell of its row is red.
    for (let c = 1; c <= TASK_HEADERS.length; c++) expect(fillOf(tasks.getRow(2).getCell(c)), `R-1 column ${c}`).toBe(RED);
    expect(tasks.getCell('I2').value).toBe('是');
    // R-2 is done (its deadline passed too) and R-4 is not yet due: neither is marked.
    for (const row of [3, 4, 5]) expect(fillOf(tasks.getRow(row).getCell(1)), `row ${row}`).toBeUndefined();
    const duties = sheet(wb, '责任清单');
    expect(fillOf(duties.getCell('A3'))).toBe(RED);
    expect(fillOf(duties.getCell('A5'))).toBeUndefined();
  });

  it('gives the sheets a bold, frozen header row with an autofilter and readable widths', async () => {
    const { h, teamId } = await setup();
    await populate(h, teamId);
    const wb = await load(await ok(h, '组长', '/export'));
    for (const [name, headers] of [['问题清单', FINDING_HEADERS], ['任务清单', TASK_HEADERS], ['责任清单', DUTY_HEADERS]] as const) {
      const ws = sheet(wb, name);
      expect(ws.getCell('A1').font?.bold, name).toBe(true);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      const last = ws.getRow(1).getCell(headers.length).address.replace(/\d+$/, '');
      expect(ws.autoFilter, name).toBe(`A1:${last}1`);
      for (let c = 1; c <= headers.length; c++) expect(ws.getColumn(c).width, `${name} column ${c}`).toBeGreaterThanOrEqual(8);
    }
    // A wide Chinese header gets room for its characters.
    expect(sheet(wb, '问题清单').getColumn(11).width).toBeGreaterThanOrEqual(12);
  });

  it('fills the clue subject for the leader and the office, never for the deputy; each clue read is audited', async () => {
    const { h, teamId } = await setup();
    await populate(h, teamId);
    expect(await exportAudits(h, teamId)).toEqual([]);

    const leader = sheet(await load(await ok(h, '组长', '/export')), '问题清单');
    expect(leader.getCell('L4').value).toBe('张某（村支书）');
    // The clue, and R-2, the task made from it.
    expect(await exportAudits(h, teamId)).toEqual(['F-2', 'R-2'].map((ref) => ({ at: T0, user: 'console:组长', action: 'export', ref })));

    const deputyReply = await ok(h, '副组长', '/export');
    expect(deputyReply.visibility).toBe('dm');
    expect(deputyReply.text).toContain('线索对象仅在组长、巡察办导出时填写');
    const deputyBook = await load(deputyReply);
    // Nor the handover register: the deputy's export has the three lists only.
    expect(deputyBook.worksheets.map((ws) => ws.name)).toEqual(SHEETS);
    expect(deputyReply.text).not.toContain('移交台账');
    const deputy = sheet(deputyBook, '问题清单');
    expect(deputy.getCell('K4').value).toBe('是');
    expect(deputy.getCell('L1').value).toBe('线索对象');
    expect(deputy.getCell('L4').value).toBeNull();
    expect(Buffer.from(deputyReply.file!.data).includes(Buffer.from('张某'))).toBe(false);

    const admin = sheet(await load(await ok(h, 'admin', '/export')), '问题清单');
    expect(admin.getCell('L4').value).toBe('张某（村支书）');
    expect((await exportAudits(h, teamId)).map((e) => [e.user, e.ref])).toEqual([
      ['console:组长', 'F-2'], ['console:组长', 'R-2'], ['console:副组长', 'F-2'], ['console:副组长', 'R-2'], ['console:admin', 'F-2'], ['console:admin', 'R-2'],
    ]);
  });

  it('audits every clue in the export, one entry each', async () => {
    const { h, teamId } = await setup();
    await populate(h, teamId);
    await ok(h, '副组长', '/finding clue F-1');
    await ok(h, '组长', '/export', dm('组长'));
    // The tasks on F-1 are made from a clue now: they are clue-level too, and so is their export.
    expect((await exportAudits(h, teamId)).map((e) => e.ref)).toEqual(['F-1', 'F-2', 'R-1', 'R-2', 'R-4']);
  });

  it('works in a direct message too, and the reply is always a direct message', async () => {
    const { h, teamId } = await setup();
    await populate(h, teamId);
    const r = await ok(h, '副组长', '/export', dm('副组长'));
    expect(r.visibility).toBe('dm');
    expect(r.file?.name).toBe(FILE);
  });

  it('exports headers only for a team with nothing yet', async () => {
    const { h, teamId } = await setup();
    const r = await ok(h, '组长', '/export');
    expect(r.text).toContain('问题清单 0 条，任务清单 0 项，责任清单 0 项');
    expect(r.text).not.toContain('完成率');
    expect(r.text).not.toContain('问题线索');
    const wb = await load(r);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(LEADERS_SHEETS);
    // The summary counts zeros and says there is nothing to chart; the lists have their headers.
    expect(wb.worksheets.slice(1).map((ws) => ws.rowCount)).toEqual([1, 1, 1, 1]);
    expect(cellsOf(sheet(wb, '汇总'))).toContain('尚无问题和整改任务，暂无进度图。');
    expect(sheet(wb, '汇总').getImages()).toEqual([]);
    expect(rowValues(sheet(wb, '任务清单'), 1)).toEqual(TASK_HEADERS);
    expect(rowValues(sheet(wb, '责任清单'), 1)).toEqual(DUTY_HEADERS);
    expect(await exportAudits(h, teamId)).toEqual([]);
  });

  it('follows the clock: a task becomes overdue once its deadline has passed', async () => {
    const { h, teamId } = await setup();
    await populate(h, teamId);
    h.clock.set('2026-12-12T09:00:00+08:00');
    const r = await ok(h, '组长', '/export');
    expect(r.file?.name).toBe('xuncha-第一巡察组-20261212-090000.xlsx');
    const tasks = sheet(await load(r), '任务清单');
    expect(rowValues(tasks, 2).slice(8, 10)).toEqual(['是', 22]);
    expect(rowValues(tasks, 5).slice(8, 10)).toEqual(['是', 2]);
    expect(fillOf(tasks.getCell('A5'))).toBe(RED);
  });

  it('writes the same calendar dates whatever the time zone of the machine', async () => {
    const { h, teamId } = await setup();
    await populate(h, teamId);
    const saved = process.env.TZ;
    try {
      for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati']) {
        process.env.TZ = tz;
        const tasks = sheet(await load(await ok(h, '组长', '/export')), '任务清单');
        expect([tasks.getCell('F2').value, tasks.getCell('M4').value], tz).toEqual([utc(2026, 11, 20), utc(2026, 11, 24)]);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it.each([
    ['组员', '组员'],
    ['联络员', '联络员'],
  ])('refuses %s, naming the roles needed, and writes no audit entry', async (user, role) => {
    const { h, teamId } = await setup();
    await populate(h, teamId);
    const r = await refused(h, user, '/export');
    expect(r.text).toBe(`需要以下角色之一：组长、副组长、巡察办（你的角色：${role}）。请由组长、副组长或巡察办办理。`);
    expect(await exportAudits(h, teamId)).toEqual([]);
  });

  it('refuses someone outside the team, and an unbound group chat', async () => {
    const { h } = await setup();
    expect((await refused(h, '路人', '/export')).text).toContain('你不是本组成员');
    expect((await refused(h, '组长', '/export', 'other')).text).toContain('本群未绑定巡察组');
  });

  it('refuses extra words with the usage line', async () => {
    const { h } = await setup();
    const r = await refused(h, '组长', '/export 全部');
    expect(r.text).toContain('多余的参数：全部');
    expect(r.text).toContain('用法：/export');
  });

  it('keeps the file name safe when the team name is not', async () => {
    const h = await createHarness();
    opened.push(h);
    await ok(h, 'admin', '/team create “../一组/二:三”');
    const r = await ok(h, 'admin', '/export');
    expect(r.file?.name).toBe('xuncha-_一组_二_三-20261125-090000.xlsx');
  });

  it('speaks English with XC_LANG=en', async () => {
    const { h, teamId } = await setup({ XC_LANG: 'en' });
    await populate(h, teamId);
    const r = await ok(h, '组长', '/export');
    expect(r.text).toContain('3 findings, 4 tasks, 4 responsibility rows');
    expect(r.text).toContain('Completion rate 25% (1 of 4 tasks signed off; reported done does not count yet).');
    const wb = await load(r);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['Summary', 'Findings', 'Tasks', 'Responsibilities', 'Handovers']);
    expect(rowValues(sheet(wb, 'Tasks'), 2).slice(6, 10)).toEqual(['yes', 'open', 'yes', 5]);
  });

  it('is saved under the files folder by the console adapter', async () => {
    const h = await createHarness();
    opened.push(h);
    const files = tempDir();
    dirs.push(files);
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (chunk) => (out += String(chunk)));
    const adapter = createConsoleAdapter({ bot: h.bot, input, output, interactive: false, user: 'admin', store: 'sqlite://test', filesDir: files.dir, lang: 'zh' });
    input.end(['/team create 第一巡察组', '/team unit add 城关镇', '/export'].join('\n') + '\n');
    await adapter.run();
    expect(readdirSync(files.dir)).toEqual([FILE]);
    const path = join(files.dir, FILE);
    expect(out).toContain(`> /export\n〔私信 → admin〕\n「第一巡察组」三张清单已导出`);
    expect(out).toContain(`文件已保存：${path}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(LEADERS_SHEETS);
  });
});

describe('/export: the handover register (移交台账)', () => {
  const REGISTER_HEADERS = ['编号', '被巡察单位', '移交对象', '报告领导小组日期', '移交日期', '签收', '处置结果', '反馈期限', '是否逾期'];

  /**
   * F-1, a clue handed to 纪委监委 on 2026-11-25 (reported the day before), signed for the next day, no
   * result; F-2, an ordinary finding handed to the unit; F-3, a clue handed over with its result recorded.
   */
  async function handovers(h: Harness): Promise<void> {
    for (const [text, unit] of [['镇党委书记违规收受礼金', '城关镇'], ['会议记录不全', '城关镇'], ['村主任优亲厚友', '东关村']]) {
      await ok(h, '组员', `/finding add ${text} --unit ${unit} --cat 纪律 --evidence 谈话记录`);
    }
    for (const ref of ['F-1', 'F-2', 'F-3']) await signOff(h, ref, { evidence: false });
    await ok(h, '组长', '/finding clue F-1 --importance 重要 --subject 张书记 --post 主要负责人', dm('组长'));
    await ok(h, '组长', '/finding clue F-3 --importance 一般 --post 其他', dm('组长'));
    await ok(h, '组长', '/finding handover F-1 --to 纪委 --reported 11-24');
    await ok(h, '组长', '/finding handover F-2 --to 单位');
    await ok(h, '组长', '/finding handover F-3 --to 单位 --reported 11-24');
    h.clock.set('2026-11-26T10:00:00+08:00');
    await ok(h, '副组长', '/finding receipt F-1 --by 县纪委王某');
    h.clock.set('2027-01-05T10:00:00+08:00');
    await ok(h, '组长', '/finding result F-3 予以了结 --note 村党支部已处理');
    h.clock.set('2027-03-01T09:00:00+08:00');
  }

  it('lists every handover for the leader, with its receipt, result, due date and overdue marked', async () => {
    const { h, teamId } = await setup();
    await handovers(h);
    const r = await ok(h, '组长', '/export');
    expect(r.text).toContain('另附移交台账 3 条（仅组长、巡察办导出时包含）。');
    const ws = sheet(await load(r), '移交台账');
    expect(rowValues(ws, 1)).toEqual(REGISTER_HEADERS);
    expect(ws.rowCount).toBe(4);
    expect(rowValues(ws, 2)).toEqual(['F-1', '城关镇', '纪委监委', utc(2026, 11, 24), utc(2026, 11, 25), '县纪委王某（2026-11-26）', null, utc(2027, 2, 23), '是']);
    expect(rowValues(ws, 3)).toEqual(['F-2', '城关镇', '被巡察单位党组织主要负责人', null, utc(2026, 11, 25), null, null, null, null]);
    expect(rowValues(ws, 4)).toEqual(['F-3', '东关村', '被巡察单位党组织主要负责人', utc(2026, 11, 24), utc(2026, 11, 25), null, '予以了结（2027-01-05）\n村党支部已处理', utc(2027, 2, 23), '否']);
    expect(ws.getCell('E2').numFmt).toBe('yyyy-mm-dd');
    for (let c = 1; c <= REGISTER_HEADERS.length; c++) expect(fillOf(ws.getRow(2).getCell(c)), `F-1 column ${c}`).toBe(RED);
    expect(fillOf(ws.getRow(4).getCell(1))).toBeUndefined();
    // The clues in the file are audited as exported.
    expect((await exportAudits(h, teamId)).map((e) => e.ref)).toEqual(['F-1', 'F-3']);
  });

  it('is in the office’s export, never the deputy’s', async () => {
    const { h } = await setup();
    await handovers(h);
    expect((await load(await ok(h, 'admin', '/export'))).worksheets.map((ws) => ws.name)).toEqual(LEADERS_SHEETS);
    const deputy = await ok(h, '副组长', '/export', dm('副组长'));
    expect((await load(deputy)).worksheets.map((ws) => ws.name)).toEqual(SHEETS);
  });

  it('counts each clue’s due date from CLUE_RESULT_DAYS', async () => {
    const { h } = await setup({ CLUE_RESULT_DAYS: '30' });
    await handovers(h);
    const ws = sheet(await load(await ok(h, '组长', '/export')), '移交台账');
    expect(rowValues(ws, 2).slice(7)).toEqual([utc(2026, 12, 25), '是']);
  });
});

/** The summary's figures, label → value, from its table of figures (under 指标 | 数值 | 说明). */
function figuresOf(ws: ExcelJS.Worksheet): Map<string, { value: unknown; note: unknown; numFmt?: string }> {
  const out = new Map<string, { value: unknown; note: unknown; numFmt?: string }>();
  let row = ws.getColumn(1).values.indexOf('指标') + 1;
  // Down to the blank row that ends the table.
  for (; ws.getCell(`A${row}`).value !== null; row++) {
    const cells = ws.getRow(row);
    out.set(String(cells.getCell(1).value).trim(), { value: cells.getCell(2).value, note: cells.getCell(3).value, numFmt: cells.getCell(2).numFmt });
  }
  return out;
}

/** The summary's first rows: label → value. */
function infoOf(ws: ExcelJS.Worksheet): Record<string, unknown> {
  return Object.fromEntries([2, 3, 4, 5, 6].map((n) => [ws.getCell(`A${n}`).value, ws.getCell(`B${n}`).value]));
}

describe('/export: the summary sheet (汇总)', () => {
  /** The tasks and findings of populate(), and two document requests: D-1 overdue on 11-28, D-2 provided and not returned. */
  async function withDocs(h: Harness, teamId: string): Promise<void> {
    await populate(h, teamId);
    await ok(h, '组员', '/docs request 党委会议记录 --unit 城关镇 --due 11-27');
    await ok(h, '组员', '/docs request 财务凭证 --unit 东关村 --due 11-30');
    await ok(h, '组员', '/docs provided D-2 共2册');
    h.clock.set('2026-11-28T09:00:00+08:00');
  }

  it('opens first, with the team, the date, who exported it when, the key figures as /stats counts them, and the chart', async () => {
    const { h, teamId } = await setup();
    await withDocs(h, teamId);
    const r = await ok(h, '组长', '/export');
    expect(r.text).toContain('首页为汇总（主要指标和整改进度图）');
    const wb = await load(r);
    expect(wb.worksheets[0]!.name).toBe('汇总');
    const ws = sheet(wb, '汇总');
    expect(ws.getCell('A1').value).toBe('「第一巡察组」巡察工作汇总');
    expect(infoOf(ws)).toEqual({ 巡察组: '第一巡察组', 被巡察单位: '城关镇、东关村', 统计截至: '2026-11-28', 导出人: '组长', 导出时间: '2026-11-28 09:00:00' });

    const figures = figuresOf(ws);
    expect(Object.fromEntries([...figures].map(([label, f]) => [label, f.value]))).toEqual({
      '问题数（不含线索）': 2, 问题线索: 1, 整改任务数: 4, 已销号: 1, 已完成待销号: 1, 进行中: 2, 完成率: 0.25, 逾期数: 1, 逾期率: 0.25,
      立行立改: 1, 回头看: 0, 调阅材料: 2, 调阅材料逾期未提供: 1, 调阅材料未归还: 1,
    });
    // Rates are numbers shown as percentages; completion counts signed-off tasks only, as /stats does.
    expect(figures.get('完成率')).toMatchObject({ numFmt: '0.0%', note: '已销号 ÷ 整改任务数；报告完成待销号的不计' });
    expect(figures.get('逾期率')?.numFmt).toBe('0.0%');
    expect(figures.get('立行立改')?.note).toBe('其中已销号 0 项');
    expect(figures.get('问题线索')?.note).toBe('只计数，不分单位、类别');
    const stats = (await h.say('组长', '/stats'))[0]!.text;
    expect(stats).toContain('完成率 25%（已销号 1 项 ÷ 全部 4 项；已完成待销号的不计）；逾期率 25%（逾期 1 项 ÷ 全部 4 项）');
    expect(stats).toContain('调阅材料：共 2 件，其中待提供 1 件（含逾期 1 件）、已提供待归还 1 件、已归还 0 件');

    // The chart, a PNG under its heading: the team's, drawn from findings that are not clues.
    const images = ws.getImages();
    expect(images).toHaveLength(1);
    const png = wb.getImage(Number(images[0]!.imageId)).buffer!;
    expect([...Buffer.from(png as unknown as Uint8Array).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(images[0]!.range.tl.nativeRow).toBe(ws.rowCount);
    expect(ws.getCell(`A${ws.rowCount}`).value).toBe('整改进度图');
    const chart = vi.mocked(drawChart).mock.calls.at(-1)![0] as Chart;
    expect(chart.title).toBe('第一巡察组 · 截至 2026-11-28');
    expect(chart.panels[0]!.categories).toEqual(['城关镇', '东关村']);
    // F-2, the clue, is the only 反腐败 finding: no bar tells of it.
    expect(chart.panels[1]!.categories).toEqual(['政治建设', '作风建设']);
  });

  it('counts follow-ups, with how many relapsed or were not in place', async () => {
    const { h, teamId } = await setup();
    await storeTask(h, teamId, {
      state: 'verified', immediate: true, verified: { at: T0, by: 'console:组长' },
      followUps: [{ at: T0, by: 'console:组长', result: '巩固' }, { at: T0, by: 'console:组长', result: '反弹', due: '2026-12-20' }],
    });
    await storeTask(h, teamId, { followUps: [{ at: T0, by: 'console:副组长', result: '未到位', due: '2026-12-20' }] });
    const figures = figuresOf(sheet(await load(await ok(h, '组长', '/export')), '汇总'));
    expect(figures.get('回头看')).toMatchObject({ value: 3, note: '记录次数；其中反弹 1 次、未到位 1 次' });
    expect(figures.get('立行立改')).toMatchObject({ value: 1, note: '其中已销号 1 项' });
    expect(figures.get('完成率')?.value).toBe(0.5);
  });

  it('gives clues as one count to every role that may export, never their words, subject or place', async () => {
    const { h, teamId } = await setup();
    await populate(h, teamId);
    for (const [user, chat] of [['组长', undefined], ['副组长', dm('副组长')], ['admin', undefined]] as const) {
      const ws = sheet(await load(await ok(h, user, '/export', chat)), '汇总');
      expect(figuresOf(ws).get('问题线索')?.value, user).toBe(1);
      const words = cellsOf(ws).map(String).join('\n');
      for (const secret of ['违规发放补贴', '张某', '反腐败', '清退违规补贴']) expect(words, `${user}: ${secret}`).not.toContain(secret);
    }
    const chart = vi.mocked(drawChart).mock.calls.at(-1)![0] as Chart;
    expect(JSON.stringify(chart)).not.toMatch(/违规发放补贴|张某|反腐败/);
  });

  it('still exports when the chart cannot be drawn, and says so in one line', async () => {
    const { h, teamId } = await setup();
    await populate(h, teamId);
    vi.mocked(drawChart).mockRejectedValueOnce(new Error('the chart renderer stopped (SIGKILL)'));
    const r = await ok(h, '组长', '/export');
    expect(r.text).toContain('整改进度图暂时无法生成，汇总页已注明，其余内容完整；稍后重新导出即可。');
    expect(r.text).not.toContain('SIGKILL');
    const wb = await load(r);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(LEADERS_SHEETS);
    const ws = sheet(wb, '汇总');
    expect(ws.getImages()).toEqual([]);
    expect(ws.getCell(`A${ws.rowCount}`).value).toBe('进度图暂时无法生成，本表数字不受影响；稍后重新导出即可。');
    expect(figuresOf(ws).get('整改任务数')?.value).toBe(4);
    expect(sheet(wb, '任务清单').rowCount).toBe(5);
    // The next export draws it again.
    expect(sheet(await load(await ok(h, '组长', '/export')), '汇总').getImages()).toHaveLength(1);
  });

  it('never goes to a supervisor or a liaison, and never into a group chat', async () => {
    const { h, teamId } = await setup();
    await populate(h, teamId);
    await ok(h, 'admin', '/team add 纪检员 监督 --org 纪委监委');
    await ok(h, 'admin', '/team period 2026-11-01 2026-12-31 --feedback 2026-11-20');
    for (const [user, chat] of [['纪检员', dm('纪检员')], ['纪检员', undefined], ['联络员', dm('联络员')]] as const) {
      const r = await refused(h, user, '/export', chat);
      expect(r.file, user).toBeUndefined();
    }
    expect(await exportAudits(h, teamId)).toEqual([]);
    // Typed in the team's group, the workbook goes to the asker's direct message.
    expect((await ok(h, '副组长', '/export')).visibility).toBe('dm');
  });

  it('speaks English with XC_LANG=en', async () => {
    const { h, teamId } = await setup({ XC_LANG: 'en' });
    await populate(h, teamId);
    const ws = sheet(await load(await ok(h, '组长', '/export')), 'Summary');
    expect(ws.getCell('A1').value).toBe('Summary of “第一巡察组”');
    expect(ws.getCell('A8').value).toBe('Figure');
    expect(ws.getCell('A9').value).toBe('Findings (clues excluded)');
    expect(ws.getImages()).toHaveLength(1);
  });
});

describe('/export: 进展 and 回头看 in 任务清单', () => {
  const at = (date: string, hm = '09:00') => `${date}T${hm}:00+08:00`;

  it('lists each task’s steps after it was made, oldest first, and its follow-ups with their dates', async () => {
    const { h } = await setup();
    await ok(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风建设');
    await ok(h, '组长', '/rectify add F-1 公开栏每月更新 --owner 组员 --due 12-10');
    h.clock.set(at('2026-11-28'));
    await ok(h, '组员', '/rectify progress R-1 已拟定公开目录');
    h.clock.set(at('2026-12-01'));
    await ok(h, '组员', '/rectify done R-1 公开栏已更新，附照片三张');
    h.clock.set(at('2026-12-02'));
    await ok(h, '组长', '/rectify reopen R-1 照片不清楚，请补充');
    h.clock.set(at('2026-12-03'));
    await ok(h, '组长', '/rectify extend R-1 --due 12-20 --reason 需补充材料');
    h.clock.set(at('2026-12-05'));
    await ok(h, '组员', '/rectify done R-1 已补拍清晰照片五张并经村委会确认');
    h.clock.set(at('2026-12-06'));
    await ok(h, '组长', '/rectify verify R-1');
    h.clock.set(at('2027-03-01'));
    await ok(h, '组长', '/rectify followup R-1 --result 反弹 --due 2027-03-20 --note 三月未更新');
    h.clock.set(at('2027-03-02', '10:30'));

    const tasks = sheet(await load(await ok(h, '组长', '/export')), '任务清单');
    const row = rowValues(tasks, 2);
    expect(row.slice(13)).toEqual([
      '2026-12-03：2026-12-10 → 2026-12-20（需补充材料）',
      [
        '2026-11-28 组员 进展：已拟定公开目录',
        '2026-12-01 组员 报告完成：公开栏已更新，附照片三张',
        '2026-12-02 组长 退回：照片不清楚，请补充',
        '2026-12-03 组长 延期 2026-12-10 → 2026-12-20：需补充材料',
        '2026-12-05 组员 报告完成：已补拍清晰照片五张并经村委会确认',
        '2026-12-06 组长 销号',
      ].join('\n'),
      '2027-03-01 组长 反弹：三月未更新；任务重新打开，新时限 2027-03-20',
    ]);
    // Open again after the 反弹, with its new deadline.
    expect(row.slice(5, 8)).toEqual([utc(2027, 3, 20), '否', '进行中']);
    expect(tasks.getCell('O2').alignment).toMatchObject({ wrapText: true });
    expect(tasks.getColumn(15).width).toBeLessThanOrEqual(50);
  });
});

describe('/export: the watermark and the file name', () => {
  it('stamps every sheet’s header and footer with who exported it and when', async () => {
    const { h, teamId } = await setup();
    await populate(h, teamId);
    h.clock.set('2026-12-01T09:30:12+08:00');
    const r = await ok(h, '副组长', '/export', dm('副组长'));
    expect(r.file?.name).toBe('xuncha-第一巡察组-20261201-093012.xlsx');
    const wb = await load(r);
    for (const ws of wb.worksheets) {
      expect(ws.headerFooter.oddHeader, ws.name).toBe('&L仅供 副组长 查阅&C第一巡察组 · 巡察工作材料，注意保密&R导出时间 2026-12-01 09:30:12');
      expect(ws.headerFooter.oddFooter, ws.name).toBe('&L仅供 副组长 查阅&C第 &P 页，共 &N 页&R导出时间 2026-12-01 09:30:12');
    }
    expect(infoOf(sheet(wb, '汇总'))).toMatchObject({ 导出人: '副组长', 导出时间: '2026-12-01 09:30:12' });
  });

  it('writes an ampersand in a name as one, not as a header code', async () => {
    const h = await createHarness();
    opened.push(h);
    await ok(h, 'admin', '/team create 第一&二组');
    await ok(h, 'admin', '/team add R&D leader');
    const wb = await load(await ok(h, 'R&D', '/export'));
    expect(wb.worksheets[0]!.headerFooter.oddHeader).toBe('&L仅供 R&&D 查阅&C第一&&二组 · 巡察工作材料，注意保密&R导出时间 2026-11-25 09:00:00');
  });

  it('cuts a long name in the header, which Excel caps at 255 characters, and keeps it whole on 汇总', async () => {
    const { h } = await setup();
    const long = '巡察办综合科'.repeat(8);
    await ok(h, 'admin', `/team add ${long} deputy`);
    const wb = await load(await ok(h, long, '/export', dm(long)));
    const header = wb.worksheets[1]!.headerFooter.oddHeader!;
    expect(header).toMatch(new RegExp(`^&L仅供 ${long.slice(0, 31)}… 查阅&C`));
    expect(header.length).toBeLessThanOrEqual(255);
    expect(infoOf(sheet(wb, '汇总')).导出人).toBe(long);
  });

  it('speaks English with XC_LANG=en', async () => {
    const { h } = await setup({ XC_LANG: 'en' });
    const wb = await load(await ok(h, '组长', '/export'));
    expect(wb.worksheets[1]!.headerFooter.oddHeader).toBe('&LFor 组长 only&C第一巡察组 · inspection material, keep it confidential&RExported 2026-11-25 09:00:00');
    expect(wb.worksheets[1]!.headerFooter.oddFooter).toBe('&LFor 组长 only&CPage &P of &N&RExported 2026-11-25 09:00:00');
  });

  it('saves every export of the day as a file of its own in the console, two in one second included', async () => {
    const h = await createHarness();
    opened.push(h);
    const files = tempDir();
    dirs.push(files);
    const run = async (lines: string[]) => {
      const input = new PassThrough();
      const output = new PassThrough();
      let out = '';
      output.on('data', (chunk) => (out += String(chunk)));
      const adapter = createConsoleAdapter({ bot: h.bot, input, output, interactive: false, user: 'admin', store: 'sqlite://test', filesDir: files.dir, lang: 'zh' });
      input.end(lines.join('\n') + '\n');
      await adapter.run();
      return out;
    };
    // The harness clock stands still: these two share their second.
    const morning = await run(['/team create 第一巡察组', '/export', '/export']);
    expect(morning).toContain(`文件已保存：${join(files.dir, FILE)}`);
    expect(morning).toContain(`文件已保存：${join(files.dir, 'xuncha-第一巡察组-20261125-090000-2.xlsx')}`);
    h.clock.set('2026-11-25T16:45:03+08:00');
    await run(['/export']);
    expect(readdirSync(files.dir).sort()).toEqual([FILE, 'xuncha-第一巡察组-20261125-090000-2.xlsx', 'xuncha-第一巡察组-20261125-164503.xlsx'].sort());
    // Each a whole workbook.
    for (const name of readdirSync(files.dir)) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync(join(files.dir, name)) as unknown as ArrayBuffer);
      expect(wb.worksheets.map((ws) => ws.name), name).toEqual(LEADERS_SHEETS);
    }
  });
});
