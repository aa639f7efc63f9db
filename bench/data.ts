/** Generated records for the benchmarks: deterministic, in the exact shapes the repositories store. */
import { addDays } from '../src/dates.ts';
import { CATEGORIES, SEVERITIES, SOURCES, TAGS, type Finding } from '../src/finding.ts';
import type { DocRequest } from '../src/doc-request.ts';
import type { Rectification } from '../src/rectification.ts';
import type { Team } from '../src/team.ts';

export const TEAMS = 500;
export const PER_TEAM = 200;
export const DOCS_PER_TEAM = 10;
/** The benchmarks' "today", inside every generated team's round. */
export const TODAY = '2026-11-25';
export const NOW = '2026-11-25T09:00:00+08:00';
/** The signing secret of the Slack benchmark's servers. */
export const SLACK_SECRET = 'bench-signing-secret';
export const UNITS = ['城关镇', '东关村', '西关村', '南关社区', '北关社区', '县财政局', '县教育局', '县卫健局'] as const;

/** A small seeded PRNG (mulberry32), so every run stores and asks the same things. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pick one element with `rand`. */
export function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

const PHRASES = [
  '党委会议记录不全', '三重一大事项未集体研究', '公务接待超标准', '违规发放津贴补贴', '项目资金拨付滞后',
  '干部选拔程序不规范', '主体责任落实不到位', '整改台账流于形式', '群众反映问题未及时处理', '财务报销凭证缺失',
  '村集体资产底数不清', '工程项目未公开招标', '意识形态工作责任制落实不力', '基层党组织生活不规范', '违规使用公车',
];

/** A finding's text: a few concatenated phrases, 40 to 150 characters as people write them. */
function findingText(rand: () => number): string {
  const parts = Array.from({ length: 3 + Math.floor(rand() * 6) }, () => pick(rand, PHRASES));
  return `经调阅材料和个别谈话发现，${parts.join('，')}。`;
}

/** The people of team `i`: leader, deputy, four members, a liaison, and three task owners outside the team. */
export function people(i: number) {
  const id = (role: string) => `console:t${i}-${role}`;
  return {
    leader: id('leader'),
    deputy: id('deputy'),
    members: [1, 2, 3, 4].map((k) => id(`m${k}`)),
    liaison: id('liaison'),
    owners: [1, 2, 3].map((k) => id(`owner${k}`)),
  };
}

/** The chat team `i` is bound to. */
export const chatOf = (i: number) => `console:team-${i}`;

/** Team `i` (id T<i>), as `/team create` and the team commands would have left it. */
export function team(i: number): Team {
  const p = people(i);
  const at = '2026-10-15T02:00:00.000Z';
  const by = 'console:admin';
  const members = [
    { user: p.leader, role: 'leader' as const },
    { user: p.deputy, role: 'deputy' as const },
    ...p.members.map((user) => ({ user, role: 'member' as const })),
    { user: p.liaison, role: 'liaison' as const, unit: UNITS[0] },
  ].map((m) => ({ ...m, addedAt: at, addedBy: by }));
  return {
    id: `T${i}`,
    name: `第${i}巡察组`,
    createdAt: at,
    createdBy: by,
    chats: [chatOf(i)],
    units: UNITS.map((name) => ({ name, addedAt: at })),
    members,
    period: { entry: '2026-10-20', end: '2026-12-20' },
    digest: { enabled: true, quiet: false },
    owners: p.owners,
    // One member has not signed this round's pledge, so every digest names someone.
    pledges: members.slice(0, -1).map((m) => ({ user: m.user, round: '2026-10-20', at })),
    recusals: [],
    unitReports: [],
    history: [{ at, by, field: 'chat', to: chatOf(i) }],
  };
}

/** Finding `n` of team `i`: a tenth are clues, some confirmed or handed over, with their history. */
export function finding(i: number, n: number, rand: () => number): Finding {
  const p = people(i);
  const author = pick(rand, p.members);
  const createdAt = `${addDays('2026-10-21', Math.floor(rand() * 35))}T0${Math.floor(rand() * 9)}:30:00.000Z`;
  const isClue = rand() < 0.1;
  const roll = rand();
  const state = isClue && roll < 0.3 ? 'handedOver' : roll < 0.5 ? 'confirmed' : 'draft';
  const tags = rand() < 0.4 ? [pick(rand, TAGS)] : [];
  return {
    team: `T${i}`,
    n,
    text: findingText(rand),
    unit: pick(rand, UNITS),
    category: pick(rand, CATEGORIES),
    tags,
    source: pick(rand, SOURCES),
    severity: pick(rand, SEVERITIES),
    state,
    ...(isClue && { clue: { flaggedAt: createdAt, flaggedBy: p.leader, subject: '某局副局长', importance: '重要' as const } }),
    ...(state === 'handedOver' && { handover: { to: '纪委监委' as const, at: createdAt, by: p.leader } }),
    author,
    createdAt,
    history: state === 'draft' ? [] : [{ at: createdAt, by: p.leader, field: 'state', from: 'draft', to: 'confirmed' }],
  };
}

/** Task `n` of team `i`: due from 20 days ago to 40 days ahead, so digests have red, orange and yellow lines. */
export function task(i: number, n: number, rand: () => number): Rectification {
  const p = people(i);
  const owner = rand() < 0.5 ? pick(rand, p.owners) : pick(rand, p.members);
  const roll = rand();
  const state = roll < 0.6 ? 'open' : roll < 0.85 ? 'done' : 'verified';
  const at = '2026-11-01T02:00:00.000Z';
  const note = { at, by: owner, text: '已制定整改方案并召开专题会议' };
  return {
    team: `T${i}`,
    n,
    finding: 1 + Math.floor(rand() * PER_TEAM),
    unit: pick(rand, UNITS),
    measure: `针对${pick(rand, PHRASES)}问题，建立健全相关制度`,
    owner,
    due: addDays(TODAY, Math.floor(rand() * 60) - 20),
    immediate: rand() < 0.1,
    state,
    progress: rand() < 0.5 ? [note] : [],
    ...(state !== 'open' && { doneNote: note }),
    ...(state === 'verified' && { verified: { at, by: p.leader } }),
    extensions: [],
    followUps: [],
    createdAt: at,
    createdBy: p.leader,
    history: [],
  };
}

/** Document request `n` of team `i`. */
export function doc(i: number, n: number, rand: () => number): DocRequest {
  const p = people(i);
  const roll = rand();
  const at = '2026-10-25T02:00:00.000Z';
  const state = roll < 0.4 ? 'requested' : roll < 0.8 ? 'provided' : 'returned';
  return {
    team: `T${i}`,
    n,
    what: '近三年党委会议记录',
    unit: pick(rand, UNITS),
    due: addDays(TODAY, Math.floor(rand() * 20) - 10),
    state,
    requestedBy: p.leader,
    requestedAt: at,
    ...(state !== 'requested' && { provided: { at, by: p.liaison } }),
    ...(state === 'returned' && { returned: { at, by: p.leader } }),
    history: [],
  };
}

/** Display names, as the user directory stores them. */
export function names(i: number): Array<[string, string]> {
  const p = people(i);
  return [
    [p.leader, `组长${i}`],
    [p.deputy, `副组长${i}`],
    ...p.members.map((u, k): [string, string] => [u, `组员${i}-${k + 1}`]),
    [p.liaison, `联络员${i}`],
    ...p.owners.map((u, k): [string, string] => [u, `责任人${i}-${k + 1}`]),
  ];
}
