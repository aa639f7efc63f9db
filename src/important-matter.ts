/**
 * 请示报告: important situations, sensitive matters and major problems the team must report upward to
 * the leading group instead of judging them itself (seed 000 forbids 个人表态). The office records the
 * leading group's instruction (批示). A register of the leaders and the office alone: a matter that
 * cites a clue is clue-level, like everything else made from one.
 */
import { z } from 'zod';
import { ChangeSchema } from './history.ts';
import { createNumberedRepo, type Summary } from './store/numbered.ts';
import type { Store } from './store/store.ts';

/** A matter is open until the leading group's instruction is recorded. */
export const MATTER_STATES = ['open', 'answered'] as const;
export type MatterState = (typeof MATTER_STATES)[number];

export const ImportantMatterSchema = z.object({
  team: z.string(),
  n: z.number().int().positive(),
  /** The matter as reported, word for word. */
  text: z.string(),
  /** The finding it concerns (F-<n>): a clue makes the matter clue-level. */
  finding: z.number().int().positive().optional(),
  urgent: z.boolean(),
  state: z.enum(MATTER_STATES),
  reportedBy: z.string(),
  reportedAt: z.string(),
  /** The leading group's instruction (批示), as the office recorded it, with who recorded it and when. */
  instruction: z.object({ text: z.string(), by: z.string(), at: z.string() }).optional(),
  history: z.array(ChangeSchema),
});
export type ImportantMatter = z.infer<typeof ImportantMatterSchema>;

/** Every free text a matter holds: what the gate looks for in a reply to know the reply quotes it. */
export function matterTexts(m: ImportantMatter): Array<string | undefined> {
  return [m.text, m.instruction?.text];
}

/** Why a change to a matter is refused: it was answered already, as it stood then. */
export class MatterError extends Error {
  override name = 'MatterError';
  constructor(
    readonly code: 'answered',
    readonly matter: ImportantMatter,
  ) {
    super(code);
  }
}

/** A matter reported by `by`, its number still to come. */
export function reportMatter(fields: Pick<ImportantMatter, 'team' | 'text' | 'finding' | 'urgent'>, by: string, at: string): Omit<ImportantMatter, 'n'> {
  const { finding, ...rest } = fields;
  return { ...rest, ...(finding !== undefined && { finding }), state: 'open', reportedBy: by, reportedAt: at, history: [] };
}

/**
 * open → answered, with the leading group's instruction. Once only: a second instruction is a new
 * matter's, or a correction the office makes on the record with the leading group, not here.
 */
export function answerMatter(m: ImportantMatter, instruction: string, by: string, at: string): ImportantMatter {
  if (m.state === 'answered') throw new MatterError('answered', m);
  return {
    ...m,
    state: 'answered',
    instruction: { text: instruction, by, at },
    history: [...m.history, { at, by, field: 'state', from: 'open', to: 'answered' }],
  };
}

/** What the register, the digest and the gate need of a matter: its text for a digest line, the finding it cites, its state. */
export const MatterSummarySchema = ImportantMatterSchema.pick({ n: true, text: true, finding: true, urgent: true, state: true, reportedBy: true, reportedAt: true });
export type MatterSummary = z.infer<typeof MatterSummarySchema>;

export const matterSummary: Summary<ImportantMatter, MatterSummary> = {
  schema: MatterSummarySchema,
  of: (m) => ({ n: m.n, text: m.text, finding: m.finding, urgent: m.urgent, state: m.state, reportedBy: m.reportedBy, reportedAt: m.reportedAt }),
};

/** Important matters of a team, numbered M-1, M-2 … */
export function createMatterRepo(store: Store) {
  return createNumberedRepo(store, 'matter', ImportantMatterSchema, matterSummary);
}
export type MatterRepo = ReturnType<typeof createMatterRepo>;
