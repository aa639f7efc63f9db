import { z } from 'zod';
import { addDays, localDate, type IsoDate } from './dates.ts';
import { ChangeSchema, diff, type Change } from './history.ts';
import { createNumberedRepo, type Summary } from './store/numbered.ts';
import type { Store } from './store/store.ts';

/** The six areas of political inspection: the built-in categories (the office's taxonomy may add or replace them, src/taxonomy.ts). */
export const CATEGORIES = ['政治建设', '思想建设', '组织建设', '作风建设', '纪律建设', '反腐败'] as const;

/** The built-in tags that may be added to any finding; 四个落实, the focus of supervision (domain.md), last. */
export const TAGS = [
  '党的领导弱化', '党的建设缺失', '全面从严治党不力', '四风', '形式主义', '官僚主义', '享乐主义', '奢靡之风',
  '违反中央八项规定精神', '选人用人', '群众身边腐败', '不担当不作为', '整改不力', '四个落实',
] as const;

/** The tag of a 选人用人 matter: the clue channel hands such findings to 组织部, and only those. */
export const SELECTION_TAG = '选人用人';

/** Where a finding came from, built in: the team's activities, the unit's own finding (自查), other. */
export const SOURCES = ['听取汇报', '个别谈话', '调阅材料', '来信来访', '民主测评', '问卷调查', '走访调研', '自查', '其他'] as const;

export const SEVERITIES = ['一般', '较重', '严重'] as const;

/**
 * The 底稿 chain and what follows it: drafted by its 经办人, reviewed (复核) by a deputy or leader
 * other than the author, confirmed (审签) by the leader with evidence; then handed over, and signed for
 * (签收) by the recipient.
 */
export const FINDING_STATES = ['draft', 'reviewed', 'confirmed', 'handedOver', 'received'] as const;
export type FindingState = (typeof FINDING_STATES)[number];

/**
 * Who receives a handover (移交): the discipline commission (纪委监委: important clues), the
 * organisation department (组织部: clues on selection and appointment, 选人用人), or the unit's main
 * leader (general problems and clues).
 */
export const HANDOVER_TARGETS = ['纪委监委', '组织部', '单位'] as const;
export type HandoverTarget = (typeof HANDOVER_TARGETS)[number];

/** The post of the person a clue is about: the unit's main leader, a member of its leadership, or another. */
export const CLUE_POSTS = ['主要负责人', '班子成员', '其他'] as const;

/** How important a clue is: an important one goes to the discipline commission. */
export const CLUE_IMPORTANCE = ['重要', '一般'] as const;

/** How the recipient disposed of a handed-over clue (处置结果): the recipient's stage, recorded by the team. */
export const CLUE_RESULTS = ['谈话函询', '初步核实', '暂存待查', '予以了结', '立案审查'] as const;
export type ClueResult = (typeof CLUE_RESULTS)[number];

export const ClueSchema = z.object({
  flaggedAt: z.string(),
  flaggedBy: z.string(),
  /** The person the clue is about: the most sensitive field we hold. */
  subject: z.string().optional(),
  /** Their post: a clue about the unit's own leadership never goes to the unit. */
  post: z.enum(CLUE_POSTS).optional(),
  importance: z.enum(CLUE_IMPORTANCE).optional(),
});
type Clue = z.infer<typeof ClueSchema>;

/** A handover as stored; `纪委`, the name stores written before 组织部 was a recipient, reads as 纪委监委. */
const HandoverSchema = z.object({
  to: z.preprocess((v) => (v === '纪委' ? '纪委监委' : v), z.enum(HANDOVER_TARGETS)),
  at: z.string(),
  by: z.string(),
  note: z.string().optional(),
  /** When the clue was reported to the leading group, before it was handed over. */
  reported: z.string().optional(),
  /** 签收: who at the recipient signed for it and on which day, and who recorded that. */
  receipt: z.object({ by: z.string(), on: z.string(), at: z.string(), recordedBy: z.string() }).optional(),
  /** How the recipient disposed of a clue, and when that was recorded; the latest one when it changed. */
  result: z.object({ kind: z.enum(CLUE_RESULTS), at: z.string(), by: z.string(), note: z.string().optional() }).optional(),
});
type Handover = z.infer<typeof HandoverSchema>;

export const FindingSchema = z.object({
  team: z.string(),
  n: z.number().int().positive(),
  text: z.string(),
  unit: z.string(),
  // Whatever the taxonomy held when it was filed: a category or source an office's file has dropped since still loads.
  category: z.string(),
  tags: z.array(z.string()),
  source: z.string(),
  severity: z.enum(SEVERITIES),
  state: z.enum(FINDING_STATES),
  /** 证据材料: what supports the finding, as noted; required before the leader signs it. */
  evidence: z.string().optional(),
  /** 定性依据: the ids of the rulebook entries the finding rests on. */
  basis: z.array(z.string()).optional(),
  clue: ClueSchema.optional(),
  handover: HandoverSchema.optional(),
  author: z.string(),
  createdAt: z.string(),
  history: z.array(ChangeSchema),
});
export type Finding = z.infer<typeof FindingSchema>;

/**
 * Every free text a finding holds, old versions in its history included: what the gate looks for in a
 * reply to know the reply quotes it. A new free-text field belongs here.
 */
export function findingTexts(f: Finding): Array<string | undefined> {
  const old = f.history.filter((h) => ['text', 'evidence', 'receipt', 'result'].includes(h.field)).flatMap((h) => [h.from, h.to]);
  return [f.text, f.evidence, f.clue?.subject, f.handover?.note, f.handover?.receipt?.by, f.handover?.result?.note, ...old];
}

/** Why a handover may not go ahead, as the clue channel requires; undefined when it may. */
export type HandoverRefusal = 'notReported' | 'importantClue' | 'selectionOnly' | 'leadershipToUnit' | 'postUnknown';

/**
 * The clue channel's rules for handing `f` over to `to` (seed 000, commands.md): a clue is reported
 * to the leading group first; an important one goes to 纪委监委 (or 组织部 for 选人用人); 组织部
 * receives 选人用人 matters only; and a clue never goes to the unit when it is about the unit's own
 * leadership, or when its subject's post is not on record, since then nobody has ruled that out.
 */
export function handoverRefusal(f: Pick<Finding, 'clue' | 'tags'>, to: HandoverTarget, reported: string | undefined): HandoverRefusal | undefined {
  const selection = f.tags.includes(SELECTION_TAG);
  if (to === '组织部' && !selection) return 'selectionOnly';
  if (!f.clue) return undefined;
  if (!reported) return 'notReported';
  if (f.clue.importance === '重要' && to === '单位') return 'importantClue';
  if (to === '单位' && f.clue.post !== '其他') return f.clue.post ? 'leadershipToUnit' : 'postUnknown';
  return undefined;
}

/** Why a change to a finding is refused: the rule it breaks. */
export type FindingRefusal =
  | 'notDraft' | 'ownReview' | 'notReviewed' | 'noEvidence' | 'handedOver' | 'notConfirmed' | HandoverRefusal
  | 'notHandedOver' | 'received' | 'receiptBeforeHandover' | 'notClue' | 'sameResult';

/** Why a change to a finding is refused: the rule it breaks, and the finding as it stood then. */
export class FindingError extends Error {
  override name = 'FindingError';
  constructor(
    readonly code: FindingRefusal,
    readonly finding: Finding,
  ) {
    super(code);
  }
}

/** What a person sets on a finding: its text, the fields it is filed under, its evidence and basis. */
export type FindingFields = Pick<Finding, 'text' | 'unit' | 'category' | 'source' | 'severity' | 'tags' | 'evidence' | 'basis'>;
const FIELDS = ['text', 'unit', 'category', 'source', 'severity', 'tags', 'evidence', 'basis'] as const;

/** A new finding by `by`: a draft, its number still to come; evidence and basis only when given. */
export function draftFinding(team: string, fields: FindingFields, by: string, at: string): Omit<Finding, 'n'> {
  const { evidence, basis, ...rest } = fields;
  return { team, ...rest, ...(evidence !== undefined && { evidence }), ...(basis?.length && { basis }), state: 'draft', author: by, createdAt: at, history: [] };
}

/** A state change of `f` as its history records it. */
const moved = (f: Finding, to: FindingState, by: string, at: string): Change => ({ at, by, field: 'state', from: f.state, to });

/**
 * `f` with `changes`, and the change of each field that differs, for its history and the audit log. A
 * reviewed draft that changes goes back to draft: the review was of what it said before.
 */
export function edit(f: Finding, changes: Partial<FindingFields>, by: string, at: string): { finding: Finding; changed: Change[] } {
  const next = { ...f, ...changes };
  const changed = diff(f, next, FIELDS, by, at);
  const back = f.state === 'reviewed' && changed.length > 0;
  const history = [...f.history, ...changed, ...(back ? [moved(f, 'draft', by, at)] : [])];
  return { finding: { ...next, ...(back && { state: 'draft' as const }), history }, changed };
}

/** 复核: draft → reviewed, by a deputy or leader (the command checks the role) who did not write it. */
export function review(f: Finding, by: string, at: string): Finding {
  if (f.state !== 'draft') throw new FindingError('notDraft', f);
  if (f.author === by) throw new FindingError('ownReview', f);
  return { ...f, state: 'reviewed', history: [...f.history, moved(f, 'reviewed', by, at)] };
}

/** 审签: reviewed → confirmed, by the leader (the command checks the role), only with evidence noted. */
export function confirm(f: Finding, by: string, at: string): Finding {
  if (f.state !== 'reviewed') throw new FindingError('notReviewed', f);
  if (!f.evidence?.trim()) throw new FindingError('noEvidence', f);
  return { ...f, state: 'confirmed', history: [...f.history, moved(f, 'confirmed', by, at)] };
}

/**
 * `f` flagged as a problem clue, or its clue's details changed: what is given replaces what was, the rest
 * stays. History records the importance, or `ungraded` (the catalog's word for a clue) without one.
 */
export function flagClue(f: Finding, details: Partial<Pick<Clue, 'subject' | 'post' | 'importance'>>, by: string, at: string, ungraded: string): Finding {
  const clue: Clue = {
    flaggedAt: f.clue?.flaggedAt ?? at,
    flaggedBy: f.clue?.flaggedBy ?? by,
    subject: details.subject ?? f.clue?.subject,
    post: details.post ?? f.clue?.post,
    importance: details.importance ?? f.clue?.importance,
  };
  return { ...f, clue, history: [...f.history, { at, by, field: 'clue', to: clue.importance ?? ungraded }] };
}

/** confirmed → handedOver to `to`, by the clue channel's rules (handoverRefusal); once only. */
export function handOver(f: Finding, handover: { to: HandoverTarget; reported?: string; note?: string }, by: string, at: string): Finding {
  if (f.handover) throw new FindingError('handedOver', f);
  if (f.state !== 'confirmed') throw new FindingError('notConfirmed', f);
  const refusal = handoverRefusal(f, handover.to, handover.reported);
  if (refusal) throw new FindingError(refusal, f);
  const { to, reported, note } = handover;
  return {
    ...f,
    state: 'handedOver',
    handover: { to, at, by, note, ...(reported && { reported }) },
    history: [...f.history, { at, by, field: 'state', from: 'confirmed', to: 'handedOver' }],
  };
}

/** The day of a handover in `timeZone`: what its receipt and its result's deadline count from. */
export const handedOverOn = (h: Pick<Handover, 'at'>, timeZone: string): IsoDate => localDate(h.at, timeZone);

/** 签收: handedOver → received, signed for by `receipt.by` on `receipt.on`, not before the day of the handover. */
export function recordReceipt(f: Finding, receipt: { by: string; on: IsoDate }, timeZone: string, recordedBy: string, at: string): Finding {
  if (!f.handover) throw new FindingError('notHandedOver', f);
  if (f.handover.receipt) throw new FindingError('received', f);
  if (receipt.on < handedOverOn(f.handover, timeZone)) throw new FindingError('receiptBeforeHandover', f);
  return {
    ...f,
    state: 'received',
    handover: { ...f.handover, receipt: { ...receipt, at, recordedBy } },
    history: [...f.history, { at, by: recordedBy, field: 'receipt', to: `${receipt.by} ${receipt.on}` }, moved(f, 'received', recordedBy, at)],
  };
}

/** A result as its history shows it: the disposition, and its note when there is one. */
const resultText = (r: { kind: ClueResult; note?: string }) => (r.note === undefined ? r.kind : `${r.kind}：${r.note}`);

/**
 * How the recipient disposed of a handed-over clue. A later result (初步核实, then 立案审查) replaces the
 * earlier one, which the history keeps with its note; the same one again is refused, so nothing is recorded twice.
 */
export function recordResult(f: Finding, result: { kind: ClueResult; note?: string }, by: string, at: string): Finding {
  if (!f.clue) throw new FindingError('notClue', f);
  if (!f.handover) throw new FindingError('notHandedOver', f);
  const before = f.handover.result;
  if (before?.kind === result.kind && before.note === result.note) throw new FindingError('sameResult', f);
  return {
    ...f,
    handover: { ...f.handover, result: { kind: result.kind, at, by, ...(result.note !== undefined && { note: result.note }) } },
    history: [...f.history, { at, by, field: 'result', ...(before && { from: resultText(before) }), to: resultText(result) }],
  };
}

/** When a handed-over clue's result is due: `days` (CLUE_RESULT_DAYS) after `day`, the day of its handover. */
export function resultDue(day: IsoDate, days: number): IsoDate {
  return addDays(day, days);
}

/** Match a value against a list by exact name or a unique prefix, so 作风 means 作风建设. */
export function pickFrom<T extends string>(list: readonly T[], input: string): T | undefined {
  const wanted = input.trim();
  const exact = list.find((v) => v === wanted);
  if (exact) return exact;
  const partial = list.filter((v) => wanted.length > 0 && v.startsWith(wanted));
  return partial.length === 1 ? partial[0] : undefined;
}

/** What lists and the digest need of a finding: its filters, whether it is a clue, and whose it is. */
export const FindingSummarySchema = z.object({
  n: z.number().int().positive(),
  unit: z.string(),
  category: z.string(),
  state: z.enum(FINDING_STATES),
  clue: z.boolean(),
  author: z.string(),
  /** Its handover: to whom, when, and whether a result came back (what the digest follows a clue's result by). */
  handover: z.object({ to: z.enum(HANDOVER_TARGETS), at: z.string(), result: z.boolean() }).optional(),
});
export type FindingSummary = z.infer<typeof FindingSummarySchema>;

export const findingSummary: Summary<Finding, FindingSummary> = {
  schema: FindingSummarySchema,
  of: (f) => ({
    n: f.n, unit: f.unit, category: f.category, state: f.state, clue: Boolean(f.clue), author: f.author,
    ...(f.handover && { handover: { to: f.handover.to, at: f.handover.at, result: f.handover.result !== undefined } }),
  }),
  // 2: with the handover; indexes written before are rebuilt from the records.
  version: 2,
};

/** Findings of a team, numbered F-1, F-2 … */
export function createFindingRepo(store: Store) {
  return createNumberedRepo(store, 'finding', FindingSchema, findingSummary);
}
export type FindingRepo = ReturnType<typeof createFindingRepo>;
