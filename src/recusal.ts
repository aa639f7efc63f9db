/**
 * 回避: each inspector declares, for the round, that they have no conflict of interest with the units
 * inspected, or a conflict with one of them (a relative who works there, an earlier post). A declared
 * conflict keeps them from that unit's findings from then on: the rule lives in src/visibility.ts,
 * where every reply, notice, digest, form and file is decided, so no command can forget it.
 */
import { z } from 'zod';
import { roundKey } from './round.ts';
import type { Team, TeamRole } from './team.ts';
import type { UserId } from './types.ts';

/** Who declares: the inspectors. Liaisons belong to the inspected unit; the office inspects no unit itself. */
export const DECLARERS: readonly TeamRole[] = ['leader', 'deputy', 'member'];

/**
 * One declaration as stored on the team: no conflict with the round's units (`none`, naming the units
 * it covered), or a conflict with one unit, with its reason: personal, for the leaders and the office only.
 */
export const RecusalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none'), user: z.string(), round: z.string(), at: z.string(), units: z.array(z.string()) }),
  z.object({ kind: z.literal('conflict'), user: z.string(), round: z.string(), at: z.string(), unit: z.string(), reason: z.string() }),
]);
export type Recusal = z.infer<typeof RecusalSchema>;
export type Conflict = Extract<Recusal, { kind: 'conflict' }>;

/** Why a declaration is refused. */
export class RecusalError extends Error {
  override name = 'RecusalError';
  constructor(
    readonly code: 'noPeriod' | 'noUnits' | 'allConflicted' | 'alreadyConflict',
    /** The earlier conflict, for `alreadyConflict`. */
    readonly earlier?: Conflict,
  ) {
    super(code);
  }
}

/** The user ids of active members who must declare, in the team's order. */
export function declarers(team: Team): UserId[] {
  return team.members.filter((m) => !m.removedAt && DECLARERS.includes(m.role)).map((m) => m.user);
}

/**
 * The conflicts `user` declared, whatever the round: a conflict does not lapse when the round's dates
 * are corrected, and the unit's findings stay closed to them for as long as the team keeps them.
 */
export function conflictsOf(team: Pick<Team, 'recusals'>, user: UserId): Conflict[] {
  return team.recusals.filter((r): r is Conflict => r.kind === 'conflict' && r.user === user);
}

/** The units `user` may not see the findings of. */
export function recusedUnits(team: Pick<Team, 'recusals'>, user: UserId): string[] {
  return conflictsOf(team, user).map((c) => c.unit);
}

/** The latest no-conflict declaration of `user` for the current round, if any. */
export function noConflictOf(team: Team, user: UserId): Extract<Recusal, { kind: 'none' }> | undefined {
  const round = roundKey(team);
  return team.recusals.filter((r): r is Extract<Recusal, { kind: 'none' }> => r.kind === 'none' && r.user === user && r.round === round).at(-1);
}

/** The team's units `user` has declared nothing about this round: neither no conflict nor a conflict. */
export function undeclaredUnits(team: Team, user: UserId): string[] {
  const covered = new Set([...(noConflictOf(team, user)?.units ?? []), ...recusedUnits(team, user)]);
  return team.units.map((u) => u.name).filter((unit) => !covered.has(unit));
}

/** Members who must declare and have not, for every unit of the round (a unit added since counts). */
export function undeclaredMembers(team: Team): UserId[] {
  return declarers(team).filter((user) => undeclaredUnits(team, user).length > 0);
}

/**
 * `team` with `user`'s declaration of no conflict with every unit they have not declared a conflict
 * with; unchanged when that is declared already. Per round: the round needs its dates.
 */
export function declareNoConflict(team: Team, user: UserId, at: string): Team {
  if (!team.period) throw new RecusalError('noPeriod');
  if (team.units.length === 0) throw new RecusalError('noUnits');
  const recused = recusedUnits(team, user);
  const units = team.units.map((u) => u.name).filter((unit) => !recused.includes(unit));
  if (units.length === 0) throw new RecusalError('allConflicted');
  if (undeclaredUnits(team, user).length === 0) return team;
  const round = roundKey(team);
  return {
    ...team,
    recusals: [...team.recusals, { kind: 'none', user, round, at, units }],
    history: [...team.history, { at, by: user, field: 'recusal', to: round }],
  };
}

/** `team` with `user`'s conflict with `unit` (a unit of the team, as it is named there), and its reason. */
export function declareConflict(team: Team, user: UserId, unit: string, reason: string, at: string): Team {
  const earlier = conflictsOf(team, user).find((c) => c.unit === unit);
  if (earlier) throw new RecusalError('alreadyConflict', earlier);
  return {
    ...team,
    recusals: [...team.recusals, { kind: 'conflict', user, round: roundKey(team), at, unit, reason }],
    // Neither the unit nor the reason goes into the history: the team's history is the whole team's to read.
    history: [...team.history, { at, by: user, field: 'recusal', to: roundKey(team) }],
  };
}
