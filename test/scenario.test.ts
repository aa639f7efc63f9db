/**
 * Two weeks of a county inspection team, as it lives them, through the real process: each simulated
 * day is one run of `npm start` (the console, reading test/fixtures/two-weeks/dayNN.txt) over the same
 * SQLite store, its clock set by XC_NOW at 09:00, after the daily digest's time, so that each run
 * starts by sending that day's digest. The transcript of each day is read as a person at the terminal
 * reads it (who sees each message) and checked line by line where it matters.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLUE_RESULTS } from '../src/finding.ts';
import { tempDir } from './helpers/harness.ts';
import { START } from './helpers/start.ts';

/** The office at the console, and its team. */
const OFFICE = '巡察办';
const LEADER = '张组长';
const DEPUTY = '刘副组长';
const MEMBER = '李组员';
const LIAISON = '王联络';
const SUPERVISOR = '钱监督';
/** The town's mayor: owns the rectification tasks, not on the team. */
const OWNER = '陈镇长';

/** What only the clue's readers may ever see: the subject, the clue's text, its handover, receipt and result. */
const CLUE_LEVEL = ['周某', '村道硬化', '县纪委监委信访室', '经领导小组批示同意', '初步核实'];
/** The clue's and its 请示报告's references: a group never sees them (at most a count). */
const CLUE_REFS = ['F-2', 'M-1'];

/** Something the console showed: to the group chat it names, or to one person (〔仅 X 可见〕, 〔私信 → X〕, their DM). */
interface Message {
  to: 'group' | 'private';
  /** The group chat, or the person. */
  who: string;
  text: string;
}

/** One line typed: by whom, where (a group chat's name, or `dm`), and what it brought. */
interface Step {
  user: string;
  chat: string;
  line: string;
  out: Message[];
}

/** One day's run: what the bot sent on its own as it started (the digest, the reminders), then each line typed. */
interface Day {
  startup: Message[];
  steps: Step[];
  all: Message[];
  stdout: string;
}

const LABEL = /^〔(?:仅 (.+) 可见|私信 → (.+)|发往群聊 (.+))〕$/;

/**
 * A console transcript as a person at the terminal reads it: `> ` echoes a typed line, whose answer
 * follows; `/as`, `/chat` and `/dm` move the typist; a label line starts a message for the one it names;
 * a blank line ends a message; unlabelled text is for the chat where it was typed (in a DM, the typist's).
 */
function readTranscript(stdout: string): Day {
  const startup: Message[] = [];
  const steps: Step[] = [];
  let user = OFFICE;
  let chat = 'main';
  let out = startup;
  let current: Message | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('> ')) {
      const typed = line.slice(2);
      const step: Step = { user, chat, line: typed, out: [] };
      steps.push(step);
      out = step.out;
      current = undefined;
      const [command, rest] = [typed.split(' ')[0], typed.split(' ').slice(1).join(' ')];
      if (command === '/as') user = rest;
      else if (command === '/chat') chat = rest;
      else if (command === '/dm') chat = 'dm';
      // The console's own moves keep the typist's chat: a DM follows the user who is typing.
      continue;
    }
    if (line === '') {
      current = undefined;
      continue;
    }
    const label = LABEL.exec(line);
    if (label) {
      current = label[3] ? { to: 'group', who: label[3], text: '' } : { to: 'private', who: (label[1] ?? label[2])!, text: '' };
      out.push(current);
      continue;
    }
    if (!current) {
      const typist = steps.at(-1);
      const where = typist ? typist.chat : 'main';
      current = where === 'dm' ? { to: 'private', who: typist!.user, text: '' } : { to: 'group', who: where, text: '' };
      out.push(current);
    }
    current.text = current.text ? `${current.text}\n${line}` : line;
  }
  return { startup, steps, all: [...startup, ...steps.flatMap((s) => s.out)], stdout };
}

/** The messages a line typed by `user` brought (the `nth` time they typed it that day). */
function after(day: Day, user: string, line: string, nth = 0): Message[] {
  const found = day.steps.filter((s) => s.user === user && s.line === line)[nth];
  if (!found) throw new Error(`${user} did not type ${line}: ${day.stdout}`);
  return found.out;
}

/** The one message a line brought, which must be for `to` (a person, or a group chat). */
function only(day: Day, user: string, line: string, to: Message['to'], who: string, nth = 0): string {
  const out = after(day, user, line, nth);
  expect(out, `${user}: ${line}`).toHaveLength(1);
  expect(out[0], `${user}: ${line}`).toMatchObject({ to, who });
  return out[0]!.text;
}

const privately = (day: Day, user: string, line: string, nth = 0) => only(day, user, line, 'private', user, nth);
const inGroup = (day: Day, user: string, line: string) => only(day, user, line, 'group', 'main');
const startupTo = (day: Day, to: Message['to'], who: string) => day.startup.filter((m) => m.to === to && m.who === who).map((m) => m.text);

/** The days of the round, each with its script and its morning. */
const DAYS = {
  entry: ['day01.txt', '2026-11-16'],
  drafts: ['day02.txt', '2026-11-17'],
  signing: ['day03.txt', '2026-11-18'],
  handover: ['day04.txt', '2026-11-19'],
  receipt: ['day05.txt', '2026-11-20'],
  feedback: ['day08.txt', '2026-11-23'],
  planDue: ['day10.txt', '2026-11-25'],
  overdue: ['day12.txt', '2026-11-27'],
  followUp: ['day15.txt', '2026-11-30'],
} as const;

describe.sequential('two weeks of a county inspection team through the real process', () => {
  const d = tempDir();
  afterAll(() => d.cleanup());
  const env = {
    XC_STORE: `sqlite://${join(d.dir, 'x.sqlite')}`,
    LOG_FILE: join(d.dir, 'x.log'),
    XC_FILES_DIR: join(d.dir, 'exports'),
    XC_ADMINS: `console:${OFFICE}`,
    XC_USER: OFFICE,
    // Local rules set these spans; shortened here so that two weeks hold the deadlines they make.
    CLUE_RESULT_DAYS: '7',
    RECT_PLAN_DAYS: '3',
    RECT_REPORT_DAYS: '30',
  };
  const days: Day[] = [];

  /** Run one day's script through `npm start` at 09:00 that day; every day's output is checked for leaks. */
  function live([file, date]: readonly [string, string]): Day {
    const { PATH, HOME } = process.env;
    const script = readFileSync(join('test', 'fixtures', 'two-weeks', file), 'utf8');
    const run = spawnSync(START.command, START.args, {
      input: script,
      env: { PATH, HOME, ...env, XC_NOW: `${date}T09:00:00+08:00` },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    // Nothing failed on the way: every reply is one the product meant to give.
    expect(run.stdout).not.toContain('处理时出错了');
    const day = readTranscript(run.stdout);
    days.push(day);
    return day;
  }

  it('day 1, entry: the office sets up the team, its round with the feedback date, and a supervisor from the commission; members sign and declare', () => {
    const day = live(DAYS.entry);
    expect(day.startup).toEqual([]);
    expect(inGroup(day, OFFICE, '/team add 钱监督 监督 --org 纪委监委')).toBe(
      '已添加 钱监督 为监督（纪委监委）。\n整改监督自反馈之日起开始：反馈日期确定后可以查看本组的整改任务、记录回头看，并收到每日提醒中的整改部分。',
    );
    expect(inGroup(day, OFFICE, '/team period 2026-11-16 2026-12-31 --feedback 2026-11-23')).toBe(
      '已设置本轮巡察日期：进驻 2026-11-16、巡察结束 2026-12-31、反馈 2026-11-23。\n未设置：驻点结束（按巡察结束计）。\n' +
        '由反馈日期推算（反馈后 3 天、30 天，以本地规定为准）：整改方案应于 2026-11-26 前报送，整改情况报告应于 2026-12-23 前报送。',
    );
    const card = inGroup(day, OFFICE, '/team');
    expect(card).toContain('时间节点：反馈 2026-11-23、整改方案报送时限 2026-11-26、整改情况报告报送时限 2026-12-23\n整改方案、整改情况报告的报送时限为反馈后 3 天、30 天，以本地规定为准。');
    expect(card).toContain('组长：张组长\n副组长：刘副组长\n组员：李组员\n联络员：王联络（城关镇）\n监督：钱监督（纪委监委）');
    expect(inGroup(day, DEPUTY, '/recusal ack')).toBe('已申报：本轮（进驻 2026-11-16）与城关镇无利害关系，无须回避。');
  });

  it('day 2, drafts: the author notes evidence and basis; a member may not review, nor the author their own; the deputy reviews and the leader is asked to sign', () => {
    const day = live(DAYS.drafts);
    // Everyone signed and declared on day 1: the digest has nothing to chase.
    expect(startupTo(day, 'group', 'main')[0]).toBe(
      '【每日提醒】巡察组「第三巡察组」 · 2026-11-17\n✅ 今天没有逾期或即将到期的事项。\n统计：整改任务 0 项（逾期 0，即将到期 0，待销号 0，已销号 0；完成率 —，按销号计）；问题线索 0 条（其中已移交 0 条，详情不在群内显示）',
    );
    expect(privately(day, MEMBER, '/finding edit F-1 --basis LJ-03')).toBe('已修改 F-1：定性依据 → LJ-03');
    expect(privately(day, MEMBER, '/finding review F-1')).toBe('需要以下角色之一：组长、副组长（你的角色：组员）。请由组长或副组长办理。');
    // The letter about the town's Party secretary is logged in the DM with the bot.
    expect(after(day, MEMBER, '/finding add 镇党委书记周某亲属承揽村道硬化工程 --unit 城关镇 --cat 反腐败 --source 来信来访 --severity 严重 --evidence 群众来信2封、工程合同复印件')[0]).toMatchObject({
      to: 'private', who: MEMBER, text: expect.stringMatching(/^已保存 F-2（草稿）：城关镇 · 反腐败 · 严重/),
    });
    expect(privately(day, DEPUTY, '/finding review F-3')).toBe('F-3 是你登记的问题，经办人不能复核自己的底稿。请由其他副组长或组长复核。');
    expect(after(day, DEPUTY, '/finding review F-1')).toEqual([
      { to: 'private', who: LEADER, text: '巡察组「第三巡察组」：F-1 已由 刘副组长 复核，待你审签（/finding confirm F-1）。\n  [审签] /finding confirm F-1\n  [查看] /finding show F-1' },
      { to: 'private', who: DEPUTY, text: '已复核 F-1：待组长审签。\n  [审签] /finding confirm F-1' },
    ]);
    expect(privately(day, LEADER, '/finding review F-3')).toBe('已复核 F-3：待组长审签。\n  [审签] /finding confirm F-3');
  });

  it('day 3, signing: the leader signs with the basis shown by title, not without evidence; the subject is given only in the DM; a 请示报告 goes to the office', () => {
    const day = live(DAYS.signing);
    expect(privately(day, LEADER, '/finding confirm F-1')).toBe('已审签 F-1。');
    const card = privately(day, LEADER, '/finding show F-1');
    expect(card).toContain('证据材料：2025年工资发放表、会计凭证第12号\n定性依据：LJ-03 中央八项规定');
    expect(card).toContain('· 2026-11-17 09:00 刘副组长：状态 草稿 → 已复核\n· 2026-11-18 09:00 张组长：状态 已复核 → 已审签');
    expect(privately(day, LEADER, '/finding confirm F-3')).toBe('F-3 没有证据材料，不能审签。请先用 /finding edit F-3 --evidence <证据材料> 注明。');
    expect(privately(day, LEADER, '/finding edit F-3 --evidence 村务公开栏照片、走访记录5份')).toBe('已修改 F-3：证据材料\nF-3 已复核，修改后退回草稿，须重新复核。\n  [复核] /finding review F-3');
    expect(privately(day, LEADER, '/finding confirm F-3', 1)).toBe('已审签 F-3。');
    expect(privately(day, LEADER, '/finding clue F-2 --importance 重要 --post 主要负责人')).toBe(
      '被反映人及其职务只能在与我的私聊中填写。请在私聊中发送 /finding clue <F编号> --subject <被反映人> --post <职务>。',
    );
    expect(privately(day, LEADER, '/finding clue F-2 --importance 重要 --subject 周某 --post 主要负责人')).toBe(
      '已将 F-2 标记为问题线索：此后仅组长、副组长、巡察办和经办人可见，且不在群内显示。',
    );
    expect(privately(day, LEADER, '/finding confirm F-2')).toBe('已审签 F-2。');
    expect(after(day, LEADER, '/report add 城关镇党委书记周某涉嫌亲属承揽村道硬化工程，拟移交县纪委监委 --finding F-2 --urgent')).toEqual([
      {
        to: 'private', who: OFFICE,
        text: '【请示报告 · 紧急】巡察组「第三巡察组」M-1：城关镇党委书记周某涉嫌亲属承揽村道硬化工程，拟移交县纪委监委\n（张组长 报告，关联 F-2）领导小组批示后，请发送 /report answer M-1 <批示> 登记。',
      },
      { to: 'private', who: LEADER, text: '已登记请示报告 M-1（紧急），关联 F-2，待领导小组批示；已私信通知巡察办。\n  [查看] /report show M-1' },
    ]);
    // Back in the group: the clue is a count, and the liaison reads no finding at all.
    expect(privately(day, LEADER, '/finding list')).toMatch(/^问题清单：共 2 条（第 1\/1 页）\nF-3［已审签］[^\n]+\nF-1［已审签］[^\n]+\n另有问题线索 1 条，不在群内显示。$/);
    expect(privately(day, LIAISON, '/finding list')).toBe('需要以下角色之一：巡察办、组长、副组长、组员（你的角色：联络员）。请由巡察办、组长、副组长或组员办理。');
  });

  it('day 4, handover: the leaders read the open 请示报告 in their digest; the office records the instruction and they are told; the clue goes to 纪委监委, never to the unit', () => {
    const day = live(DAYS.handover);
    expect(startupTo(day, 'group', 'main')[0]).not.toContain('M-1');
    for (const leader of [LEADER, DEPUTY]) {
      expect(startupTo(day, 'private', leader)).toEqual([
        '【每日提醒 · 完整版】巡察组「第三巡察组」 · 2026-11-19（群内只显示编号和数量）\n📨 待领导小组批示的请示报告（1）\n' +
          '  M-1［紧急］：城关镇党委书记周某涉嫌亲属承揽村道硬化工程，拟移交县纪委监委（2026-11-18 报告，已 1 天）\n' +
          '统计：整改任务 0 项（逾期 0，即将到期 0，待销号 0，已销号 0；完成率 —，按销号计）；问题线索 1 条（其中已移交 0 条）',
      ]);
    }
    expect(after(day, OFFICE, '/report answer M-1 同意移交县纪委监委，抓紧办理')).toEqual([
      ...[LEADER, DEPUTY].map((who) => ({
        to: 'private', who,
        text: '【领导小组批示】巡察组「第三巡察组」M-1：城关镇党委书记周某涉嫌亲属承揽村道硬化工程，拟移交县纪委监委\n批示：同意移交县纪委监委，抓紧办理',
      })),
      { to: 'private', who: OFFICE, text: '已登记 M-1 的领导小组批示。已私信通知：张组长、刘副组长。' },
    ]);
    expect(privately(day, LEADER, '/finding handover F-2 --to 单位 --reported 2026-11-18')).toBe('F-2 是重要问题线索，不移交被巡察单位。请移交纪委监委（--to 纪委监委；选人用人类移交组织部）。');
    expect(privately(day, LEADER, '/finding handover F-2 --to 纪委')).toBe('F-2 是问题线索，须先向巡察工作领导小组报告，再移交。请用 --reported <日期> 写明报告日期。');
    expect(privately(day, LEADER, '/finding handover F-2 --to 纪委 --reported 2026-11-18 --note 经领导小组批示同意')).toBe('已登记 F-2 移交纪委监委（2026-11-19）。');
    expect(after(day, LEADER, '/rectify add F-1 清退违规发放的津贴补贴 --owner 陈镇长 --due 2026-11-30')).toEqual([
      { to: 'private', who: OWNER, text: '巡察组「第三巡察组」交给你一项整改任务 R-1：清退违规发放的津贴补贴\n时限：2026-11-30。完成后发送 /rectify done R-1 <完成说明>。' },
      { to: 'private', who: LEADER, text: '已建立整改任务 R-1（F-1 · 城关镇）：责任人 陈镇长，时限 2026-11-30。已通知责任人。\n  [查看] /rectify show R-1' },
    ]);
  });

  it('day 5, receipt: the day after the handover (the next process reads it back) the commission signs for it; the card offers the result picker', () => {
    const day = live(DAYS.receipt);
    expect(startupTo(day, 'group', 'main')[0]).toContain('问题线索 1 条（其中已移交 1 条，详情不在群内显示）');
    const picker = CLUE_RESULTS.map((kind) => `  [${kind}] /finding result F-2 ${kind}`).join('\n');
    expect(privately(day, LEADER, '/finding receipt F-2 --by 县纪委监委信访室吴某')).toBe(`已登记 F-2 签收：县纪委监委信访室吴某 · 2026-11-20。\n${picker}`);
    const card = privately(day, LEADER, '/finding show F-2');
    expect(card).toMatch(/^F-2［已签收 · 线索］\n/);
    expect(card).toContain('定性依据：LJ-01 四个决不允许、LJ-03 中央八项规定\n问题线索：重要；被反映人：周某（主要负责人）');
    expect(card).toContain('已移交纪委监委：2026-11-19，经办 张组长；备注：经领导小组批示同意\n签收：县纪委监委信访室吴某 · 2026-11-20\n处置结果应于 2026-11-26 前反馈\n');
    expect(card.endsWith(picker)).toBe(true);
  });

  it('day 8, feedback: the liaison and the supervisor see the tasks, never the clue; a task reported done leaves the rate as it was, its 销号 moves it', () => {
    const day = live(DAYS.feedback);
    const reports = '📮 被巡察单位待报送\n  整改方案：应于 2026-11-26 报送（还剩3天）：城关镇\n  整改情况报告：应于 2026-12-23 报送（还剩30天）：城关镇';
    expect(startupTo(day, 'group', 'main')[0]).toContain(reports);
    expect(startupTo(day, 'private', SUPERVISOR)).toEqual([
      `【整改监督】巡察组「第三巡察组」 · 2026-11-23\n${reports}\n统计：整改任务 2 项（逾期 0，即将到期 0，待销号 0，已销号 0；完成率 0%，按销号计）`,
    ]);
    const tasks = '整改任务：共 2 项（第 1/1 页）\nR-1［进行中］城关镇 · 陈镇长 · 时限 2026-11-30：清退违规发放的津贴补贴（F-1）\nR-2［进行中］城关镇 · 陈镇长 · 时限 2026-12-20：建立三资台账并按月公开（F-3）';
    expect(inGroup(day, LIAISON, '/rectify list')).toBe(tasks);
    expect(inGroup(day, SUPERVISOR, '/rectify list')).toBe(tasks);
    expect(privately(day, SUPERVISOR, '/finding show F-1')).toMatch(/^F-1［已审签］\n镇党委以“工作补贴”名义违规发放津贴补贴\n/);
    expect(privately(day, SUPERVISOR, '/finding show F-2')).toBe('本组没有 F-2。请用 /finding list 查看现有编号。');
    expect(after(day, OWNER, '/rectify done R-1 已清退违规发放的津贴补贴12.6万元，附退款凭证和党委会记录')).toEqual([
      { to: 'private', who: LEADER, text: '巡察组「第三巡察组」：陈镇长 报告整改任务 R-1 已完成，请核实后销号（/rectify verify R-1）。' },
      { to: 'group', who: 'main', text: '已报告 R-1 完成，等待组长销号。\n  [销号] /rectify verify R-1' },
    ]);
    const rate = (nth: number) => after(day, LEADER, '/stats', nth)[0]!.text.split('\n').filter((l) => l.startsWith('整改任务') || l.includes('完成率')).join('\n');
    expect(rate(0)).toBe('整改任务：共 2 项，其中进行中 1 项（含逾期 0 项）、已完成待销号 1 项、已销号 0 项\n　完成率 0%（已销号 0 项 ÷ 全部 2 项；已完成待销号的不计）；逾期率 0%（逾期 0 项 ÷ 全部 2 项）');
    expect(inGroup(day, LEADER, '/rectify verify R-1')).toBe('R-1 已销号。');
    expect(rate(1)).toBe('整改任务：共 2 项，其中进行中 1 项（含逾期 0 项）、已完成待销号 0 项、已销号 1 项\n　完成率 50%（已销号 1 项 ÷ 全部 2 项；已完成待销号的不计）；逾期率 0%（逾期 0 项 ÷ 全部 2 项）');
    expect(inGroup(day, LEADER, '/team')).toContain('时间节点：反馈 2026-11-23\n整改方案（应于 2026-11-26 前报送）：城关镇 待报送\n整改情况报告（应于 2026-12-23 前报送）：城关镇 待报送\n');
  });

  it('day 10: the digest says the plan is due tomorrow, and counts the rate by 销号', () => {
    const day = live(DAYS.planDue);
    expect(startupTo(day, 'group', 'main')[0]).toBe(
      '【每日提醒】巡察组「第三巡察组」 · 2026-11-25\n📮 被巡察单位待报送\n  整改方案：应于 2026-11-26 报送（还剩1天）：城关镇\n  整改情况报告：应于 2026-12-23 报送（还剩28天）：城关镇\n' +
        '统计：整改任务 2 项（逾期 0，即将到期 0，待销号 0，已销号 1；完成率 50%，按销号计）；问题线索 1 条（其中已移交 1 条，详情不在群内显示）',
    );
    expect(inGroup(day, OWNER, '/rectify progress R-2 已建立三资台账，正在核对')).toBe('已记录 R-2 的整改进展。');
  });

  it('day 12: the overdue result goes to the leaders by reference and to the group as a count; recorded, it leaves the digest, and so does the plan received a day late', () => {
    const day = live(DAYS.overdue);
    const plan = '  整改方案：应于 2026-11-26 报送（逾期1天）：城关镇';
    const group = startupTo(day, 'group', 'main')[0]!;
    expect(group).toContain(plan);
    expect(group).toContain('⏳ 移交线索处置结果逾期未反馈：1 条（详情仅组长、副组长可见）');
    for (const leader of [LEADER, DEPUTY]) {
      const [full, ...more] = startupTo(day, 'private', leader);
      expect(more).toEqual([]);
      expect(full).toContain(plan);
      expect(full).toContain('⏳ 移交线索处置结果逾期未反馈（1）\n  F-2 2026-11-19 移交纪委监委，应于 2026-11-26 前反馈（逾期1天）：/finding result F-2 <处置结果>');
    }
    // The supervisor follows the rectification, never the clue: not even its count.
    const [supervision] = startupTo(day, 'private', SUPERVISOR);
    expect(supervision).toContain(plan);
    expect(supervision).not.toContain('线索');
    expect(privately(day, LEADER, '/finding show F-2')).toContain('处置结果应于 2026-11-26 前反馈，已逾期 1 天');
    expect(privately(day, LEADER, '/finding result F-2 初步核实 --note 县纪委监委已对周某启动初步核实')).toBe('已登记 F-2 处置结果：初步核实。');
    expect(inGroup(day, LEADER, '/team received plan')).toBe('已登记：城关镇的整改方案于 2026-11-27 报送，逾期 1 天（应于 2026-11-26 前）。');
    expect(inGroup(day, LEADER, '/digest')).toBe(
      '【每日提醒】巡察组「第三巡察组」 · 2026-11-27\n📮 被巡察单位待报送\n  整改情况报告：应于 2026-12-23 报送（还剩26天）：城关镇\n' +
        '统计：整改任务 2 项（逾期 0，即将到期 0，待销号 0，已销号 1；完成率 50%，按销号计）；问题线索 1 条（其中已移交 1 条，详情不在群内显示）',
    );
  });

  it("day 15: the supervisor's 回头看 finds 反弹, the task comes back open with its whole record, the rate falls back; the leader's export holds the handover register", async () => {
    const day = live(DAYS.followUp);
    expect(startupTo(day, 'private', LEADER)).toEqual([]);
    expect(after(day, SUPERVISOR, '/rectify followup R-1 --result 反弹 --due 2026-12-15 --note 11月又以加班费名义发放补贴')).toEqual([
      {
        to: 'private', who: OWNER,
        text: '巡察组「第三巡察组」回头看发现整改任务 R-1反弹：11月又以加班费名义发放补贴。任务重新打开，新时限 2026-12-15；整改到位后请重新报告完成（/rectify done R-1 <完成说明>）。',
      },
      { to: 'group', who: 'main', text: '已记录 R-1 的回头看结果：反弹。任务重新打开，新时限 2026-12-15，须重新报告完成并销号。已通知责任人。' },
    ]);
    expect(inGroup(day, SUPERVISOR, '/rectify show R-1')).toBe(
      [
        'R-1［进行中］',
        '清退违规发放的津贴补贴',
        '对应问题：F-1　单位：城关镇　责任人：陈镇长　时限：2026-12-15',
        '记录：',
        '· 2026-11-19 张组长 建立任务，时限 2026-11-30',
        '· 2026-11-23 陈镇长 报告完成：已清退违规发放的津贴补贴12.6万元，附退款凭证和党委会记录',
        '· 2026-11-23 张组长 销号',
        '· 2026-11-30 钱监督 回头看：反弹，11月又以加班费名义发放补贴；任务重新打开，新时限 2026-12-15',
      ].join('\n'),
    );
    expect(inGroup(day, LEADER, '/stats')).toContain('整改任务：共 2 项，其中进行中 2 项（含逾期 0 项）、已完成待销号 0 项、已销号 0 项\n　完成率 0%（已销号 0 项 ÷ 全部 2 项；已完成待销号的不计）');
    const exported = after(day, LEADER, '/export');
    expect(exported).toHaveLength(1);
    expect(exported[0]).toMatchObject({ to: 'private', who: LEADER });
    expect(exported[0]!.text).toContain('整改完成率 0%（已销号 0 项，共 2 项；报告完成待销号的不计）。\n含问题线索 1 条，本次导出已记入审计日志。\n另附移交台账 1 条');
    const files = readdirSync(env.XC_FILES_DIR);
    // One workbook, named to the second.
    const workbooks = files.filter((f) => f.endsWith('.xlsx'));
    expect(workbooks).toEqual([expect.stringMatching(/^xuncha-第三巡察组-20261130-0900\d\d\.xlsx$/)]);
    // Beside it the pictures: /stats' on days 8 (twice, the second never over the first) and 15, and the digest's on both Mondays (the 23rd and the 30th).
    expect(files.filter((f) => f.endsWith('.png')).sort()).toEqual([
      '统计-第三巡察组-20261123-0900-2.png', '统计-第三巡察组-20261123-0900.png', '统计-第三巡察组-20261123.png', '统计-第三巡察组-20261130-0900.png', '统计-第三巡察组-20261130.png',
    ]);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(env.XC_FILES_DIR, workbooks[0]!));
    expect(wb.worksheets.map((s) => s.name)).toEqual(['汇总', '问题清单', '任务清单', '责任清单', '移交台账']);
    // The task's record in 进展, its 回头看 beside it.
    const task = (wb.getWorksheet('任务清单')!.getRow(2).values as unknown[]).slice(1);
    expect(task.slice(-2)).toEqual([
      '2026-11-23 陈镇长 报告完成：已清退违规发放的津贴补贴12.6万元，附退款凭证和党委会记录\n2026-11-23 张组长 销号',
      '2026-11-30 钱监督 反弹：11月又以加班费名义发放补贴；任务重新打开，新时限 2026-12-15',
    ]);
    const register = wb.getWorksheet('移交台账')!;
    expect(register.rowCount).toBe(2);
    const row = (register.getRow(2).values as unknown[]).map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v));
    expect(row).toEqual(expect.arrayContaining(['F-2', '城关镇', '纪委监委', '2026-11-18', '2026-11-19']));
    expect(row.join('\n')).toContain('县纪委监委信访室吴某');
    expect(row.join('\n')).toContain('初步核实');
  });

  it('over the two weeks, nothing of the clue reached a group chat, the liaison, the supervisor or the task owner', () => {
    expect(days).toHaveLength(Object.keys(DAYS).length);
    const all = days.flatMap((day) => day.all);
    const readers = new Set([LEADER, DEPUTY, OFFICE, MEMBER]);
    for (const m of all) {
      // A supervisor asking for F-2 is told there is none: the reference they typed, nothing more.
      const words = m.to === 'group' ? [...CLUE_LEVEL, ...CLUE_REFS] : readers.has(m.who) ? [] : CLUE_LEVEL;
      // A reference as a whole word: BM-10, a rule the secrecy reminder quotes, is not M-1.
      for (const word of words) expect(m.text, `${m.to} ${m.who}: ${m.text}`).not.toMatch(new RegExp(`(?<![A-Za-z0-9])${word}(?![0-9])`));
    }
    // The clue's text and subject went to the leaders, the office and its author only, privately.
    const toSubject = all.filter((m) => m.text.includes('周某'));
    expect(new Set(toSubject.map((m) => m.who))).toEqual(new Set([LEADER, DEPUTY, OFFICE]));
  });
});
