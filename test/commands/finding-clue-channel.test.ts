/**
 * The clue channel after the team decides: who a clue is about (only in a DM), its handover after the
 * report to the leading group and by cadre-management authority, the recipient's receipt (签收), and
 * what the recipient did with it (处置结果) by its deadline. All of it clue-level: answered privately,
 * never in a group, never to a liaison; every change audited.
 */
import { describe, expect, it } from 'vitest';
import type { StoredAuditEntry as AuditEntry } from '../../src/audit.ts';
import type { Finding } from '../../src/finding.ts';
import type { ChatRef, Reply } from '../../src/types.ts';
import { dm, useTeamHarness, type Harness } from '../helpers/harness.ts';
import { signOff } from '../helpers/findings.ts';
import { ok, refused } from '../helpers/replies.ts';

const RESULTS = ['谈话函询', '初步核实', '暂存待查', '予以了结', '立案审查'];

const setup = useTeamHarness();

async function get(h: Harness, teamId: string, n: number): Promise<Finding> {
  const f = await h.bot.services.findings.get(teamId, n);
  expect(f, `F-${n} stored`).toBeDefined();
  return f!;
}
const audits = async (h: Harness, teamId: string, action: string): Promise<AuditEntry[]> =>
  (await h.bot.services.audit.list(teamId)).filter((e) => e.action === action);

/**
 * F-1, a clue about the town's Party secretary (张书记, 主要负责人), signed off and handed to 纪委监委 on
 * 2026-11-25 after its report to the leading group the day before; F-2, an ordinary finding handed to the unit.
 */
async function handedOver(env?: Record<string, string>) {
  const t = await setup(env);
  const { h } = t;
  await ok(h, '组员', '/finding add 镇党委书记违规收受礼金 --unit 城关镇 --cat 反腐败 --evidence 谈话记录第5页');
  await signOff(h, 'F-1', { evidence: false });
  await ok(h, '组长', '/finding clue F-1 --importance 重要 --subject 张书记 --post 主要负责人', dm('组长'));
  await ok(h, '组长', '/finding handover F-1 --to 纪委 --reported 11-24');
  await ok(h, '组员', '/finding add 会议记录不全 --unit 城关镇 --cat 组织 --evidence 会议记录本');
  await signOff(h, 'F-2', { evidence: false });
  await ok(h, '组长', '/finding handover F-2 --to 单位');
  return t;
}

describe('/finding clue: who it is about, in a DM only', () => {
  it('refuses a post typed in a group, saving nothing, and says to use a DM', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 村支书优亲厚友 --unit 东关村 --cat 纪律');
    const before = await get(h, teamId, 1);
    const r = await refused(h, '组长', '/finding clue F-1 --post 班子成员 --importance 一般');
    expect(r.text).toContain('只能在与我的私聊中填写');
    expect(await get(h, teamId, 1)).toEqual(before);
    expect(await audits(h, teamId, 'flag-clue')).toEqual([]);
    await ok(h, '副组长', '/finding clue F-1 --post 班子成员 --importance 一般', dm('副组长'));
    expect((await get(h, teamId, 1)).clue).toMatchObject({ post: '班子成员', importance: '一般' });
  });

  it('never hands a general clue about a member of the unit’s leadership to the unit', async () => {
    const { h, teamId } = await setup();
    await ok(h, '组员', '/finding add 副镇长违规报销 --unit 城关镇 --cat 纪律 --evidence 报销凭证');
    await signOff(h, 'F-1', { evidence: false });
    await ok(h, '组长', '/finding clue F-1 --importance 一般 --subject 李副镇长 --post 班子成员', dm('组长'));
    const r = await refused(h, '组长', '/finding handover F-1 --to 单位 --reported 11-24');
    expect(r.text).toContain('不能移交该单位');
    expect(r.text).not.toContain('李副镇长');
    expect((await refused(h, '组长', '/finding handover F-1 --to 纪委 --reported 明天')).text).toContain('晚于今天');
    expect((await get(h, teamId, 1)).handover).toBeUndefined();
    expect(await audits(h, teamId, 'handover')).toEqual([]);
  });
});

describe('/finding receipt', () => {
  it('records who signed for a handover and when: received, history, audit, privately for a clue', async () => {
    const { h, teamId } = await handedOver();
    h.clock.set('2026-11-27T10:00:00+08:00');
    const r = await ok(h, '副组长', '/finding receipt F-1 --by “县纪委信访室 王某” --date 11-26');
    expect(r.visibility).toBe('asker');
    expect(r.text).toBe('已登记 F-1 签收：县纪委信访室 王某 · 2026-11-26。');
    const at = '2026-11-27T02:00:00.000Z';
    const f = await get(h, teamId, 1);
    expect(f.state).toBe('received');
    expect(f.handover?.receipt).toEqual({ by: '县纪委信访室 王某', on: '2026-11-26', at, recordedBy: 'console:副组长' });
    expect(f.history.slice(-2)).toEqual([
      { at, by: 'console:副组长', field: 'receipt', to: '县纪委信访室 王某 2026-11-26' },
      { at, by: 'console:副组长', field: 'state', from: 'handedOver', to: 'received' },
    ]);
    expect(await audits(h, teamId, 'receipt')).toEqual([{ at, user: 'console:副组长', action: 'receipt', ref: 'F-1' }]);
    const card = await ok(h, '组长', '/finding show F-1');
    expect(card.visibility).toBe('asker');
    expect(card.text.split('\n')[0]).toBe('F-1［已签收 · 线索］');
    expect(card.text).toContain('签收：县纪委信访室 王某 · 2026-11-26');
  });

  it('dates the receipt today by default, and records one for an ordinary handover too', async () => {
    const { h, teamId } = await handedOver();
    await ok(h, '组长', '/finding receipt F-2 --by 镇党委办公室');
    expect((await get(h, teamId, 2)).handover?.receipt).toMatchObject({ by: '镇党委办公室', on: '2026-11-25' });
  });

  it.each([
    ['a date before the handover', '/finding receipt F-1 --by 王某 --date 11-24', '签收日期不能早于移交日期（F-1 于 2026-11-25 移交）'],
    ['a date in the future', '/finding receipt F-1 --by 王某 --date 明天', '签收日期 2026-11-26 晚于今天'],
    ['a date it cannot read', '/finding receipt F-1 --by 王某 --date 下周', '看不懂日期「下周」'],
    ['no --by', '/finding receipt F-1', '用法：/finding receipt <F编号> --by <签收人> [--date <日期>]'],
    ['a blank --by', '/finding receipt F-1 --by “ ”', '--by 不能为空。请在 --by 后面写上签收人。'],
  ])('refuses %s, saving nothing', async (_name, line, says) => {
    const { h, teamId } = await handedOver();
    const before = await get(h, teamId, 1);
    expect((await refused(h, '组长', line)).text).toContain(says);
    expect(await get(h, teamId, 1)).toEqual(before);
    expect(await audits(h, teamId, 'receipt')).toEqual([]);
  });

  it('refuses a finding not handed over, and a second receipt, saying who signed when', async () => {
    const { h, teamId } = await handedOver();
    await ok(h, '组员', '/finding add 未移交的问题 --unit 城关镇 --cat 作风');
    expect((await refused(h, '组长', '/finding receipt F-3 --by 王某')).text).toBe('F-3 尚未移交。请先用 /finding handover F-3 登记移交。');
    await ok(h, '组长', '/finding receipt F-1 --by 王某');
    expect((await refused(h, '副组长', '/finding receipt F-1 --by 李某')).text).toBe('F-1 已于 2026-11-25 由 王某 签收。无需再次登记。');
    expect((await get(h, teamId, 1)).handover?.receipt?.by).toBe('王某');
    expect(await audits(h, teamId, 'receipt')).toHaveLength(1);
  });

  it('is for the leader and deputies: members, the clue’s own author, liaisons and the office are refused', async () => {
    const { h, teamId } = await handedOver();
    for (const [user, yours] of [['组员', '组员'], ['组员二', '组员'], ['联络员', '联络员'], ['admin', '巡察办']] as const) {
      const r = await refused(h, user, '/finding receipt F-1 --by 王某');
      expect(r.text).toContain('需要以下角色之一：组长、副组长');
      if (user !== 'admin') expect(r.text).toContain(`你的角色：${yours}`);
      expect(r.text).not.toMatch(/张书记|收受礼金/);
    }
    expect((await get(h, teamId, 1)).state).toBe('handedOver');
  });
});

describe('/finding result', () => {
  it('records how the recipient disposed of a clue: history, audit, privately; the card shows it', async () => {
    const { h, teamId } = await handedOver();
    h.clock.set('2027-01-10T15:00:00+08:00');
    const r = await ok(h, '副组长', '/finding result F-1 初步核实 --note 纪委已立项初核');
    expect(r.visibility).toBe('asker');
    expect(r.text).toBe('已登记 F-1 处置结果：初步核实。');
    const at = '2027-01-10T07:00:00.000Z';
    const f = await get(h, teamId, 1);
    expect(f.handover?.result).toEqual({ kind: '初步核实', at, by: 'console:副组长', note: '纪委已立项初核' });
    expect(f.history.at(-1)).toEqual({ at, by: 'console:副组长', field: 'result', to: '初步核实：纪委已立项初核' });
    expect(await audits(h, teamId, 'result')).toEqual([{ at, user: 'console:副组长', action: 'result', ref: 'F-1' }]);
    const card = await ok(h, '组长', '/finding show F-1');
    expect(card.text).toContain('处置结果：初步核实（2027-01-10 登记）；备注：纪委已立项初核');
    expect(card.text).not.toContain('应于');
  });

  it('lets the office record it too, in the group or in a DM', async () => {
    const { h, teamId } = await handedOver();
    expect((await ok(h, 'admin', '/finding result F-1 谈话函询')).visibility).toBe('asker');
    await ok(h, 'admin', '/finding result F-1 予以了结 --team 第一巡察组', dm('admin'));
    expect((await get(h, teamId, 1)).handover?.result).toMatchObject({ kind: '予以了结', by: 'console:admin' });
  });

  it('replaces an earlier result, which history keeps, and refuses the same one again', async () => {
    const { h, teamId } = await handedOver();
    await ok(h, '组长', '/finding result F-1 初步核实 --note 已约谈');
    await ok(h, '组长', '/finding result F-1 立案', dm('组长'));
    const f = await get(h, teamId, 1);
    expect(f.handover?.result).toMatchObject({ kind: '立案审查' });
    expect(f.handover?.result?.note).toBeUndefined();
    expect(f.history.at(-1)).toMatchObject({ field: 'result', from: '初步核实：已约谈', to: '立案审查' });
    expect((await ok(h, '组长', '/finding show F-1')).text).toContain('处置结果 初步核实：已约谈 → 立案审查');
    expect((await refused(h, '组长', '/finding result F-1 立案审查')).text).toBe('F-1 的处置结果已是「立案审查」，没有变化。如需更改，请给出另一种处置结果。');
    expect(await audits(h, teamId, 'result')).toHaveLength(2);
  });

  it.each([
    ['an unknown result', '/finding result F-1 约谈', '处置结果 没有「约谈」这一项。请从以下选一个：谈话函询、初步核实、暂存待查、予以了结、立案审查。'],
    ['no result', '/finding result F-1', '用法：/finding result <F编号> <谈话函询|初步核实|暂存待查|予以了结|立案审查> [--note <备注>]'],
    ['a finding that is not a clue', '/finding result F-2 初步核实', 'F-2 不是问题线索'],
  ])('refuses %s, saving nothing', async (_name, line, says) => {
    const { h, teamId } = await handedOver();
    const before = [await get(h, teamId, 1), await get(h, teamId, 2)];
    expect((await refused(h, '组长', line)).text).toContain(says);
    expect([await get(h, teamId, 1), await get(h, teamId, 2)]).toEqual(before);
    expect(await audits(h, teamId, 'result')).toEqual([]);
  });

  it('refuses a clue not handed over yet', async () => {
    const { h, teamId } = await handedOver();
    await ok(h, '组员', '/finding add 另一条线索 --unit 东关村 --cat 反腐败');
    await ok(h, '组长', '/finding clue F-3');
    expect((await refused(h, '组长', '/finding result F-3 初步核实')).text).toBe('F-3 尚未移交。请先用 /finding handover F-3 登记移交。');
    expect((await get(h, teamId, 3)).handover).toBeUndefined();
  });

  it('refuses members, the clue’s author included, and liaisons, without a word of the clue', async () => {
    const { h, teamId } = await handedOver();
    for (const [user, yours] of [['组员', '组员'], ['组员二', '组员'], ['联络员', '联络员']] as const) {
      const r = await refused(h, user, '/finding result F-1 初步核实');
      expect(r.text).toBe(`需要以下角色之一：组长、副组长、巡察办（你的角色：${yours}）。请由组长、副组长或巡察办办理。`);
    }
    expect((await get(h, teamId, 1)).handover?.result).toBeUndefined();
  });
});

describe('the result picker and the deadline on a handed-over clue’s card', () => {
  it('offers the five results to the leaders and the office, privately, and the due date', async () => {
    const { h } = await handedOver();
    for (const user of ['组长', '副组长', 'admin']) {
      const card = await ok(h, user, '/finding show F-1');
      expect(card.visibility).toBe('asker');
      expect(card.text).toContain('处置结果应于 2027-02-23 前反馈');
      expect(card.actions?.map((a) => [a.label, a.command])).toEqual(RESULTS.map((kind) => [kind, `/finding result F-1 ${kind}`]));
    }
    // Its author may read the clue but does not record results: no buttons for her.
    expect((await ok(h, '组员', '/finding show F-1')).actions).toEqual([]);
    // An ordinary finding handed to the unit has no result to follow.
    const ordinary = await ok(h, '组长', '/finding show F-2');
    expect(ordinary.text).not.toContain('处置结果');
    expect(ordinary.actions).toEqual([]);
  });

  it('says how late the result is, and after one is recorded offers the others', async () => {
    const { h } = await handedOver();
    h.clock.set('2027-03-01T09:00:00+08:00');
    expect((await ok(h, '组长', '/finding show F-1')).text).toContain('处置结果应于 2027-02-23 前反馈，已逾期 6 天');
    await ok(h, '组长', '/finding result F-1 初步核实');
    const card = await ok(h, '组长', '/finding show F-1');
    expect(card.actions?.map((a) => a.label)).toEqual(RESULTS.filter((kind) => kind !== '初步核实'));
  });

  it('counts the deadline from CLUE_RESULT_DAYS', async () => {
    const { h } = await handedOver({ CLUE_RESULT_DAYS: '30' });
    expect((await ok(h, '组长', '/finding show F-1')).text).toContain('处置结果应于 2026-12-25 前反馈');
  });
});

describe('where the clue channel appears', () => {
  it('never puts a clue’s subject, receipt or result in the group, and audits every read', async () => {
    const { h, teamId } = await handedOver();
    const seen: Reply[] = [];
    const run = async (user: string, line: string, chat?: ChatRef | string) => {
      const replies = await h.say(user, line, chat);
      seen.push(...replies);
      return replies;
    };
    await run('组长', '/finding receipt F-1 --by 县纪委王某');
    await run('副组长', '/finding result F-1 初步核实 --note 已约谈张书记');
    for (const user of ['组长', '副组长', '组员', '组员二', 'admin', '联络员']) {
      await run(user, '/finding show F-1');
      await run(user, '/finding list --clues');
      await run(user, '/finding list');
      await run(user, '/digest');
      await run(user, '/stats');
    }
    const groupVisible = seen.filter((r) => r.visibility === 'chat');
    expect(groupVisible.length).toBeGreaterThan(0);
    for (const r of groupVisible) expect(r.text).not.toMatch(/张书记|县纪委王某|初步核实|已约谈|收受礼金/);
    for (const r of seen.filter((x) => /张书记|县纪委王某|已约谈/.test(x.text))) expect(r.visibility).toBe('asker');
    // Each who was shown the card is on record as having read the clue.
    const readers = new Set((await audits(h, teamId, 'read-clue')).filter((e) => e.ref === 'F-1').map((e) => e.user));
    expect([...readers].sort()).toEqual(['console:admin', 'console:副组长', 'console:组员', 'console:组长'].sort());
  });
});
