/**
 * The confidentiality rules through the real process, as `npm start` runs it with a piped console
 * script: text kept as typed (on screen and in the export), roles never switched in place, the clue
 * channel's handover rules, and every change on record.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/harness.ts';
import { START } from './helpers/start.ts';

/** Run the real entry point with a piped script; the transcript and the folder it worked in. */
function transcript(script: string[]) {
  const d = tempDir();
  const { PATH, HOME } = process.env;
  const env = {
    PATH, HOME, XC_STORE: `sqlite://${join(d.dir, 'x.sqlite')}`, LOG_FILE: join(d.dir, 'x.log'), XC_FILES_DIR: join(d.dir, 'exports'),
    XC_NOW: '2026-11-25T09:00:00+08:00', XC_ADMINS: 'console:办公室',
  };
  const run = spawnSync(START.command, START.args, { input: script.join('\n') + '\n', env, encoding: 'utf8', timeout: 60_000 });
  expect(run.status, run.stderr).toBe(0);
  return { out: run.stdout, dir: d };
}

/** What the console printed after `> line`, up to the next echoed line. */
function answer(out: string, line: string): string {
  const at = out.indexOf(`> ${line}\n`);
  expect(at, line).toBeGreaterThanOrEqual(0);
  const rest = out.slice(at + line.length + 3);
  return rest.slice(0, rest.indexOf('\n> ') < 0 ? undefined : rest.indexOf('\n> '));
}

const SETUP = [
  '/as 办公室',
  '/team create 第一巡察组',
  '/team unit add 城关镇',
  '/team add 王组长 组长',
  '/team add 李组员 组员',
  '/team add 孙丽 联络员 --unit 城关镇',
];

describe('the real process keeps the confidentiality rules', () => {
  const dirs: Array<ReturnType<typeof tempDir>> = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

  it('stores and shows text exactly as typed, quotation marks and full-width spaces included, in the export too', async () => {
    const text = '“三重一大”事项未经集体研究，「村务」公开　不及时';
    const { out, dir } = transcript([
      ...SETUP,
      '/as 王组长',
      `/finding add ${text} --unit 城关镇 --cat 作风`,
      '/finding show F-1',
      '/export',
    ]);
    dirs.push(dir);
    expect(answer(out, '/finding show F-1').split('\n')).toContain(text);
    const [file] = readdirSync(join(dir.dir, 'exports'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir.dir, 'exports', file!));
    const cells = wb.getWorksheet('问题清单')!.getRow(2).values as unknown[];
    expect(cells).toContain(text);
  });

  it('never switches a liaison into the team in place; removal then adding is possible, both on record', () => {
    const { out, dir } = transcript([
      ...SETUP,
      '/as 王组长',
      '/finding add 食堂超标准采购茶叶 --unit 城关镇 --cat 作风',
      '/as 办公室',
      '/team add 孙丽 组员',
      '/as 孙丽',
      '/finding list',
      '/as 办公室',
      '/team add 李组员 联络员 --unit 城关镇',
      '/team remove 孙丽',
      '/team add 孙丽 组员',
      '/as 王组长',
      '/audit --user 办公室',
    ]);
    dirs.push(dir);
    expect(answer(out, '/team add 孙丽 组员')).toContain('不能直接改为组员');
    const liaisonList = answer(out, '/finding list');
    expect(liaisonList).toContain('你的角色：联络员');
    expect(liaisonList).not.toContain('食堂');
    expect(answer(out, '/team add 李组员 联络员 --unit 城关镇')).toContain('/team remove 李组员');
    const log = answer(out, '/audit --user 办公室');
    expect(log).toContain('办公室 移除成员 孙丽（联络员（城关镇））');
    expect(log).toContain('办公室 添加成员 孙丽（组员）');
    expect(log).not.toMatch(/变更成员角色/);
  });

  it('hands a clue over only as the clue channel allows, and never to the unit about its own leader', () => {
    const { out, dir } = transcript([
      ...SETUP,
      '/as 李组员',
      '/finding add 镇党委书记违规收受礼金 --unit 城关镇 --cat 反腐败 --evidence 谈话记录',
      '/as 王组长',
      '/finding review F-1',
      '/finding confirm F-1',
      '/finding clue F-1 --subject 张书记 --post 主要负责人',
      '/dm',
      '/finding clue F-1 --importance 一般 --subject 张书记 --post 主要负责人',
      '/chat main',
      '/finding handover F-1 --to 单位',
      '/finding handover F-1 --to 单位 --reported 11-24',
      '/finding handover F-1 --to 纪委 --reported 11-24',
      '/finding show F-1',
    ]);
    dirs.push(dir);
    // Typed in the group, the subject is refused before anything is saved.
    expect(answer(out, '/finding clue F-1 --subject 张书记 --post 主要负责人')).toContain('只能在与我的私聊中填写');
    expect(answer(out, '/finding handover F-1 --to 单位')).toContain('领导小组');
    expect(answer(out, '/finding handover F-1 --to 单位 --reported 11-24')).toContain('不能移交该单位');
    expect(answer(out, '/finding handover F-1 --to 纪委 --reported 11-24')).toContain('已登记 F-1 移交纪委监委');
    const card = answer(out, '/finding show F-1');
    expect(card).toContain('〔仅 王组长 可见〕');
    expect(card).toContain('已移交纪委监委');
    // Nothing of the clue ever reached the group unmarked.
    for (const block of out.split('\n\n')) {
      if (block.includes('张书记') || block.includes('收受礼金')) expect(block, block).toMatch(/〔仅 王组长 可见〕|> \/dm|> \/finding clue|> \/finding add/);
    }
  });
});
