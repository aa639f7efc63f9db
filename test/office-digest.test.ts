import { afterEach, describe, expect, it } from 'vitest';
import { createOfficeDigestJob } from '../src/office-digest.ts';
import { SnapshotSchema } from '../src/overview.ts';
import { keys } from '../src/store/keys.ts';
import type { Outgoing } from '../src/types.ts';
import { signOff } from './helpers/findings.ts';
import { createHarness, dm, storeTask, withTeam, type Harness } from './helpers/harness.ts';
import { ok, recordSent } from './helpers/replies.ts';

const ADMINS = { XC_ADMINS: 'console:admin,console:主任' };

const opened: Harness[] = [];
afterEach(async () => {
  for (const h of opened.splice(0)) await h.dispose();
});

async function open(file?: string): Promise<{ h: Harness; sent: Outgoing[] }> {
  const h = await createHarness({ file, env: ADMINS, now: '2026-11-25T08:00:00+08:00' });
  opened.push(h);
  return { h, sent: recordSent(h) };
}

/** Run the office's digest job at `at` and deliver what it queued. */
async function tickAt(h: Harness, at: string): Promise<void> {
  h.clock.set(at);
  await createOfficeDigestJob({ services: h.bot.services, config: h.config, t: h.bot.t }).run(h.clock.now());
  await h.bot.flush();
}

/** What the office was sent: one direct message to each admin, the same text. */
function officeTexts(sent: Outgoing[]): string[] {
  const toAdmins = sent.filter((o) => 'user' in o.to && o.reply.text.startsWith('【巡察办每日简报】'));
  expect(toAdmins.map((o) => ('user' in o.to ? o.to.user : '')).sort()).toEqual(toAdmins.length ? ['console:admin', 'console:主任'] : []);
  for (const o of toAdmins) expect(o.reply.visibility).toBe('dm');
  return [...new Set(toAdmins.map((o) => o.reply.text))];
}

/** A day's work in 第一巡察组 and a new team: what the next day's digest must say changed. */
async function aDaysWork(h: Harness): Promise<void> {
  await ok(h, 'admin', '/team period 2026-11-01 2026-12-31');
  await ok(h, '组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风建设');
  await ok(h, '组员', '/finding add 违规发放补贴 --unit 东关村 --cat 反腐败');
  await ok(h, '组长', '/finding clue F-2 --importance 重要 --post 其他', dm('组长'));
  await signOff(h, 'F-2', { chat: dm('组长') });
  await ok(h, '组长', '/finding handover F-2 --to 纪委监委 --reported 2026-11-24', dm('组长'));
  await ok(h, '组长', '/finding result F-2 初步核实', dm('组长'));
  // Due today: overdue from tomorrow on.
  await storeTask(h, 'T1', { due: '2026-11-25' });
  await ok(h, '组长', '/rectify add F-1 建立村务公开台账 --owner 组员 --due 2026-12-10');
  await ok(h, '组员', '/rectify done R-2 已建立村务公开台账并公示三期');
  await ok(h, '组长', '/rectify verify R-2');
  await ok(h, '组长', '/report add 某局长插手工程招标，是否扩大巡察范围', dm('组长'));
  await ok(h, 'admin', '/report answer M-1 同意扩大巡察范围', dm('admin'));
  await ok(h, 'admin', '/team create 第二巡察组', 'second');
  await ok(h, 'admin', '/team unit add 西关村', 'second');
  await ok(h, 'admin', '/team add 组长乙 leader', 'second');
  await ok(h, '组长乙', '/finding add 账目不清 --unit 西关村 --cat 纪律建设', 'second');
}

const FIRST_DAY = [
  '【巡察办每日简报】2026-11-25 · 1 个巡察组',
  '（此前没有各组的数字可比：明天起列出每天的变化。）',
  '✅ 各组都没有逾期事项。',
  '合计：问题 0 条（其中线索 0 条）；移交线索待处置结果 0 条（逾期 0）；整改任务 0 项（进行中 0、待销号 0、已销号 0；逾期 0；完成率 —）；材料未归还 0 件（逾期未提供 0 件）；请示报告待批示 0 件',
  '发送 /overview 查看各组全貌。',
].join('\n');

const SECOND_DAY = [
  '【巡察办每日简报】2026-11-26 · 2 个巡察组',
  '自 2026-11-25 以来：',
  '　第一巡察组：新增问题 2 条、新增线索 1 条、移交线索 1 条、登记处置结果 1 条、新增整改任务 2 项、销号 1 项、新逾期整改任务 1 项、新请示报告 1 件、登记批示 1 件',
  '　第二巡察组：新增问题 1 条',
  '⚠ 有逾期事项的巡察组（1，最需关注的在前）：',
  '　第一巡察组：逾期整改任务 1 项；完成率 50%',
  '合计：问题 3 条（其中线索 1 条）；移交线索待处置结果 0 条（逾期 0）；整改任务 2 项（进行中 1、待销号 0、已销号 1；逾期 1；完成率 50%）；材料未归还 0 件（逾期未提供 0 件）；请示报告待批示 0 件',
  '发送 /overview 查看各组全貌。',
].join('\n');

describe('the office’s daily digest', () => {
  it('goes to each admin by direct message at DIGEST_TIME, once a day, not again after a restart', async () => {
    const { h, sent } = await open();
    await withTeam(h);
    await tickAt(h, '2026-11-25T08:29:00+08:00');
    expect(officeTexts(sent)).toEqual([]);
    await tickAt(h, '2026-11-25T08:30:00+08:00');
    expect(officeTexts(sent)).toEqual([FIRST_DAY]);
    await tickAt(h, '2026-11-25T08:31:00+08:00');
    expect(sent).toHaveLength(2);

    await h.close();
    const again = await open(h.file);
    await tickAt(again.h, '2026-11-25T09:00:00+08:00');
    expect(again.sent).toEqual([]);
    await aDaysWork(again.h);
    again.sent.length = 0;
    await tickAt(again.h, '2026-11-26T08:30:00+08:00');
    expect(officeTexts(again.sent)).toEqual([SECOND_DAY]);
  });

  it('says what changed since the day before, and that nothing did on a quiet day', async () => {
    const { h, sent } = await open();
    await withTeam(h);
    await tickAt(h, '2026-11-25T08:30:00+08:00');
    await aDaysWork(h);
    sent.length = 0;
    await tickAt(h, '2026-11-26T08:30:00+08:00');
    expect(officeTexts(sent)).toEqual([SECOND_DAY]);
    // Each day's figures are kept, counts only, for the next day to compare with.
    const kept = await h.store.get(keys.officeFigures('2026-11-26'), SnapshotSchema);
    expect(kept?.teams.T1).toMatchObject({ findings: 2, clues: 1, handedOver: 1, awaitingResult: 0, tasks: 2, verified: 1, overdue: 1, matters: 1, mattersAwaiting: 0 });
    expect(JSON.stringify(kept)).not.toMatch(/村务|补贴|局长/);
    sent.length = 0;
    await tickAt(h, '2026-11-27T08:30:00+08:00');
    const [quiet] = officeTexts(sent);
    expect(quiet!.split('\n').slice(0, 6)).toEqual([
      '【巡察办每日简报】2026-11-27 · 2 个巡察组',
      '自 2026-11-26 以来：',
      '　各组都没有变化。',
      '⚠ 有逾期事项的巡察组（1，最需关注的在前）：',
      '　第一巡察组：逾期整改任务 1 项；完成率 50%',
      SECOND_DAY.split('\n')[6],
    ]);
  });

  it('compares with the last day it ran when it missed some, and after a crash before the enqueue still with the day before', async () => {
    const { h, sent } = await open();
    await withTeam(h);
    await tickAt(h, '2026-11-25T08:30:00+08:00');
    await aDaysWork(h);
    sent.length = 0;
    // Down on the 26th; on the 27th the figures are written, then the process dies before the digest is queued.
    const { outbox } = h.bot.services;
    const enqueue = outbox.enqueue;
    outbox.enqueue = async () => {
      throw new Error('killed');
    };
    await expect(tickAt(h, '2026-11-27T08:30:00+08:00')).rejects.toThrow('killed');
    outbox.enqueue = enqueue;
    expect(await h.store.get(keys.officeFigures('2026-11-27'), SnapshotSchema)).toBeDefined();
    await tickAt(h, '2026-11-27T08:31:00+08:00');
    const [text] = officeTexts(sent);
    expect(text!.split('\n').slice(1, 3)).toEqual(['自 2026-11-25 以来：', SECOND_DAY.split('\n')[2]]);
  });

  it('sends nothing without an admin or without a team', async () => {
    const { h, sent } = await open();
    await tickAt(h, '2026-11-25T08:30:00+08:00');
    expect(sent).toEqual([]);
    const none = await createHarness({ env: { XC_ADMINS: '' }, now: '2026-11-25T08:00:00+08:00' });
    opened.push(none);
    await none.bot.services.teams.create('第一巡察组', 'console:main', 'console:组长', '2026-11-25T00:00:00.000Z');
    const quiet = recordSent(none);
    await tickAt(none, '2026-11-25T08:30:00+08:00');
    expect(quiet).toEqual([]);
    expect(await none.bot.services.outbox.has(keys.officeDigest('2026-11-25'))).toBe(false);
  });
});
