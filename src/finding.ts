import { z } from 'zod';
import { ChangeSchema } from './history.ts';
import { createNumberedRepo, type Summary } from './store/numbered.ts';
import type { Store } from './store/store.ts';

/** The six areas of political inspection: a finding's category. */
export const CATEGORIES = ['政治建设', '思想建设', '组织建设', '作风建设', '纪律建设', '反腐败'] as const;

/** Tags that may be added to any finding. */
export const TAGS = [
  '党的领导弱化', '党的建设缺失', '全面从严治党不力', '四风', '形式主义', '官僚主义', '享乐主义', '奢靡之风',
  '违反中央八项规定精神', '选人用人', '群众身边腐败', '不担当不作为', '整改不力',
] as const;

/** Where a finding came from: the team's activities, the unit's own finding (自查), other. */
export const SOURCES = ['听取汇报', '个别谈话', '调阅材料', '来信来访', '民主测评', '问卷调查', '走访调研', '自查', '其他'] as const;

export const SEVERITIES = ['一般', '较重', '严重'] as const;

export const FINDING_STATES = ['draft', 'confirmed', 'handedOver'] as const;
export type FindingState = (typeof FINDING_STATES)[number];

/** Who receives a handover: the discipline commission (important clues) or the unit's main leader. */
export const HANDOVER_TARGETS = ['纪委', '单位'] as const;

export const ClueSchema = z.object({
  flaggedAt: z.string(),
  flaggedBy: z.string(),
  /** The person the clue is about: the most sensitive field we hold. */
  subject: z.string().optional(),
  importance: z.enum(['重要', '一般']).optional(),
});

export const FindingSchema = z.object({
  team: z.string(),
  n: z.number().int().positive(),
  text: z.string(),
  unit: z.string(),
  category: z.enum(CATEGORIES),
  tags: z.array(z.string()),
  source: z.enum(SOURCES),
  severity: z.enum(SEVERITIES),
  state: z.enum(FINDING_STATES),
  clue: ClueSchema.optional(),
  handover: z.object({ to: z.enum(HANDOVER_TARGETS), at: z.string(), by: z.string(), note: z.string().optional() }).optional(),
  author: z.string(),
  createdAt: z.string(),
  history: z.array(ChangeSchema),
});
export type Finding = z.infer<typeof FindingSchema>;

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
  category: z.enum(CATEGORIES),
  state: z.enum(FINDING_STATES),
  clue: z.boolean(),
  author: z.string(),
});
export type FindingSummary = z.infer<typeof FindingSummarySchema>;

export const findingSummary: Summary<Finding, FindingSummary> = {
  schema: FindingSummarySchema,
  of: (f) => ({ n: f.n, unit: f.unit, category: f.category, state: f.state, clue: Boolean(f.clue), author: f.author }),
};

/** Findings of a team, numbered F-1, F-2 … */
export function createFindingRepo(store: Store) {
  return createNumberedRepo(store, 'finding', FindingSchema, findingSummary);
}
export type FindingRepo = ReturnType<typeof createFindingRepo>;
