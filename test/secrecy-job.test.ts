import { afterEach, describe, expect, it } from 'vitest';
import { createRuleIndex } from '../src/rulebook/rulebook.ts';
import type { Job } from '../src/scheduler.ts';
import { createSecrecyJob, reminderFor, reminderText, unsignedMembers } from '../src/secrecy.ts';
import { zh } from '../src/i18n/zh.ts';
import type { Team } from '../src/team.ts';
import type { Outgoing } from '../src/types.ts';
import { createHarness, rules, withTeam, type Harness } from './helpers/harness.ts';

const TEAM = '第一巡察组';
const ALL_UNSIGNED = '尚未签署本轮保密承诺：组长、副组长、组员、组员二。请发送 /secrecy ack 签署。';

const opened: Harness[] = [];
afterEach(async () => {
  for (const h of opened.splice(0)) await h.dispose();
});

interface Rig {
  h: Harness;
  sent: Outgoing[];
  job: Job;
  /** Set the clock to `at`, run the job once, flush the outbox; returns what was sent by this tick. */
  tick(at: string, job?: Job): Promise<Outgoing[]>;
}

/** The standard team with a recording sender; `period` as entry and end, or none. */
async function rig(options: { period?: [string, string] | null; env?: Record<string, string> } = {}): Promise<Rig> {
  const h = await createHarness({ env: options.env });
  opened.push(h);
  await withTeam(h);
  const period = options.period === undefined ? ['2026-11-20', '2026-12-20'] : options.period;
  if (period) await say(h, 'admin', `/team period ${period[0]} ${period[1]}`);
  const sent: Outgoing[] = [];
  h.bot.services.outbox.register('console', { send: async (o) => void sent.push(o) });
  const job = createSecrecyJob({ services: h.bot.services, config: h.config, t: h.bot.t });
  return {
    h, sent, job,
    async tick(at, which = job) {
      const before = sent.length;
      h.clock.set(at);
      await which.run(h.clock.now());
      await h.bot.flush();
      return sent.slice(before);
    },
  };
}

/** Run a line that must succeed. */
async function say(h: Harness, user: string, line: string, chat?: string): Promise<void> {
  const [r] = await h.say(user, line, chat);
  expect(r?.error, `${line} → ${r?.text}`).toBeUndefined();
}

const texts = (out: Outgoing[]) => out.map((o) => o.reply.text);

describe('the daily secrecy reminder', () => {
  it('is sent at SECRECY_TIME (08:00) and not before, to the bound chat, visible in the chat', async () => {
    const { tick } = await rig();
    expect(await tick('2026-11-25T07:59:00+08:00')).toEqual([]);
    const out = await tick('2026-11-25T08:00:00+08:00');
    expect(out).toHaveLength(1);
    expect(out[0]!.to).toEqual({ chat: 'console:main' });
    expect(out[0]!.reply.visibility).toBe('chat');
    const text = out[0]!.reply.text;
    const today = reminderFor(rules, '2026-11-25')!;
    expect(text.split('\n').slice(0, 4)).toEqual(['保密提醒（2026-11-25）', `今日一条：${today.id} ${today.title}`, today.summary, zh.rule.source(today)]);
    expect(text).toContain('2. 四个决不允许');
    expect(text).toContain('巡后清退');
    expect(text.endsWith(`\n\n${ALL_UNSIGNED}`)).toBe(true);
    expect(text).not.toContain('联络员');
  });

  it('is sent once a day: not again at 09:00, nor by a second job instance, nor by a second bot on the same store', async () => {
    const { h, tick } = await rig();
    expect(await tick('2026-11-25T08:00:00+08:00')).toHaveLength(1);
    expect(await tick('2026-11-25T09:00:00+08:00')).toEqual([]);
    const restarted = createSecrecyJob({ services: h.bot.services, config: h.config, t: h.bot.t });
    expect(await tick('2026-11-25T10:00:00+08:00', restarted)).toEqual([]);

    const other = await createHarness({ file: h.file, now: '2026-11-25T11:00:00+08:00' });
    const elsewhere: Outgoing[] = [];
    other.bot.services.outbox.register('console', { send: async (o) => void elsewhere.push(o) });
    await createSecrecyJob({ services: other.bot.services, config: other.config, t: other.bot.t }).run(other.clock.now());
    await other.bot.flush();
    await other.close();
    expect(elsewhere).toEqual([]);
  });

  it('is still sent later the same day when the bot was down at 08:00', async () => {
    const { tick } = await rig();
    expect(texts(await tick('2026-11-25T15:30:00+08:00'))[0]).toContain('保密提醒（2026-11-25）');
  });

  it('follows SECRECY_TIME', async () => {
    const { tick } = await rig({ env: { SECRECY_TIME: '09:30' } });
    expect(await tick('2026-11-25T09:29:00+08:00')).toEqual([]);
    expect(await tick('2026-11-25T09:30:00+08:00')).toHaveLength(1);
  });

  it('is sent again the next workday with the next entry, skipping the weekend', async () => {
    const { tick } = await rig();
    expect(texts(await tick('2026-11-25T08:00:00+08:00'))[0]).toContain('今日一条：BM-10');
    const thursday = texts(await tick('2026-11-26T08:00:00+08:00'));
    expect(thursday).toHaveLength(1);
    expect(thursday[0]).toContain('保密提醒（2026-11-26）\n今日一条：BM-11 泄露国家秘密的法律责任');
    expect(await tick('2026-11-28T09:00:00+08:00')).toEqual([]); // Saturday
    expect(await tick('2026-11-29T09:00:00+08:00')).toEqual([]); // Sunday
    expect(texts(await tick('2026-11-30T08:00:00+08:00'))[0]).toContain('保密提醒（2026-11-30）\n今日一条：BM-03 涉密材料专人管理');
  });

  it('is not sent on an official holiday, and is sent on a make-up workday (调休)', async () => {
    const { tick } = await rig({ period: ['2026-09-20', '2026-10-20'] });
    expect(await tick('2026-10-01T09:00:00+08:00')).toEqual([]); // 国庆节
    expect(await tick('2026-10-07T09:00:00+08:00')).toEqual([]);
    expect(texts(await tick('2026-09-30T09:00:00+08:00'))[0]).toContain('保密提醒（2026-09-30）');
    expect(texts(await tick('2026-10-10T09:00:00+08:00'))[0]).toContain('保密提醒（2026-10-10）'); // a Saturday worked
  });

  it('is sent on the entry and end dates, not before or after the round', async () => {
    const { tick } = await rig({ period: ['2026-11-20', '2026-12-18'] });
    expect(await tick('2026-11-19T09:00:00+08:00')).toEqual([]);
    expect(await tick('2026-11-20T09:00:00+08:00')).toHaveLength(1);
    expect(await tick('2026-12-21T09:00:00+08:00')).toEqual([]);
    expect(await tick('2026-12-18T09:00:00+08:00')).toHaveLength(1);
  });

  it('is not sent for a team without a period', async () => {
    const { tick } = await rig({ period: null });
    expect(await tick('2026-11-25T09:00:00+08:00')).toEqual([]);
  });

  it('goes to every chat of each team in its round, and to no other team', async () => {
    const { h, tick } = await rig();
    await say(h, 'admin', `/team bind ${TEAM}`, 'second');
    await say(h, 'admin', '/team create 第二巡察组', 'third');
    const out = await tick('2026-11-25T09:00:00+08:00');
    expect(out.map((o) => o.to)).toEqual([{ chat: 'console:main' }, { chat: 'console:second' }]);
    expect(out[0]!.reply).toEqual(out[1]!.reply);
  });

  it('stops naming a member once they sign, and names nobody when all have signed', async () => {
    const { h, tick } = await rig();
    await say(h, '组员', '/secrecy ack');
    const first = texts(await tick('2026-11-25T09:00:00+08:00'))[0]!;
    expect(first.endsWith('尚未签署本轮保密承诺：组长、副组长、组员二。请发送 /secrecy ack 签署。')).toBe(true);
    for (const user of ['组长', '副组长', '组员二']) await say(h, user, '/secrecy ack');
    const second = texts(await tick('2026-11-26T09:00:00+08:00'))[0]!;
    expect(second).not.toContain('尚未签署');
    expect(second.endsWith('4. 巡察结束时全部材料清退（巡后清退）。')).toBe(true);
  });

  it('speaks English with XC_LANG=en', async () => {
    const { tick } = await rig({ env: { XC_LANG: 'en' } });
    const text = texts(await tick('2026-11-25T08:00:00+08:00'))[0]!;
    expect(text.split('\n').slice(0, 2)).toEqual(['Confidentiality reminder (2026-11-25)', "Today's rule: BM-10 涉密载体管理"]);
    expect(text).toContain('Source: ');
    expect(text.endsWith('Not yet signed the pledge for this round: 组长, 副组长, 组员, 组员二. Send /secrecy ack to sign.')).toBe(true);
  });
});

describe('reminderFor and unsignedMembers', () => {
  it('rotates through the 保密 entries by date, days since 2000-01-01 modulo their count', () => {
    expect(reminderFor(rules, '2000-01-01')?.id).toBe('BM-01');
    expect(reminderFor(rules, '2000-01-06')?.id).toBe('BM-06');
    expect(reminderFor(rules, '2000-01-12')?.id).toBe('BM-12');
    expect(reminderFor(rules, '2000-01-13')?.id).toBe('BM-01');
    expect(reminderFor(rules, '1999-12-31')?.id).toBe('BM-12');
    expect(reminderFor(rules, '2026-11-25')?.id).toBe('BM-10');
  });

  it('has no entry for a rulebook without 保密 rules, and the reminder still carries the checklist', () => {
    const empty = createRuleIndex([]);
    expect(reminderFor(empty, '2026-11-25')).toBeUndefined();
    expect(reminderText(zh, empty, '2026-11-25').split('\n').slice(0, 3)).toEqual(['保密提醒（2026-11-25）', '', '保密纪律清单：']);
  });

  it('lists active leader, deputy and members without a pledge for the current round', () => {
    const member = (user: string, role: Team['members'][number]['role'], removedAt?: string) => ({ user, role, addedAt: 'x', addedBy: 'x', removedAt });
    const team: Team = {
      id: 'T1', name: 'n', createdAt: 'x', createdBy: 'x', chats: [], units: [], history: [], owners: [],
      digest: { enabled: true, quiet: false },
      period: { entry: '2026-11-20', end: '2026-12-20' },
      members: [member('a', 'leader'), member('b', 'deputy'), member('c', 'member'), member('d', 'liaison'), member('e', 'member', 'x'), member('f', 'member')],
      pledges: [{ user: 'b', round: '2026-11-20', at: 'x' }, { user: 'c', round: '2026-03-01', at: 'x' }],
      recusals: [],
      unitReports: [],
    };
    expect(unsignedMembers(team)).toEqual(['a', 'c', 'f']);
  });
});
