import type { Context, TeamContext } from './command.ts';
import { CommandError } from './errors.ts';
import type { Finding } from './finding.ts';
import { recusedUnits } from './recusal.ts';
import type { UserId } from './types.ts';
import { fedBack } from './round.ts';
import { accessOf, readerIn } from './visibility.ts';
import type { Role, TeamRole } from './team.ts';

/**
 * A role a command names, as the help and the README show it: a role (组长, 巡察办 …), or a relation to
 * the one record the command names: `owner`, the task's 整改责任人; `author`, the finding's 经办人.
 */
export type AccessRole = Role | 'author';

/**
 * Who could hold a relation: only the record tells who does, so at the door a relation lets in everyone
 * who could (a task's owner is anyone but a supervisor, src/rectification.ts; a finding's author anyone
 * who logs findings), and the command checks the record itself.
 */
const COULD_HOLD: Readonly<Record<'owner' | 'author', readonly Role[]>> = {
  owner: ['admin', 'leader', 'deputy', 'member', 'liaison', 'owner'],
  author: ['leader', 'deputy', 'member'],
};

/** The roles let in at the door of a command that names `roles`: those, and whoever could hold a relation among them. */
export function doorRoles(roles: readonly AccessRole[]): Role[] {
  const could = roles.flatMap((r) => (r === 'owner' || r === 'author' ? COULD_HOLD[r] : [r]));
  return [...new Set(could)];
}

/** Refuse at the door anyone who neither holds nor could hold one of `roles`; the reply names `roles` as the command does. */
export function requireAccess(ctx: Context, roles: readonly AccessRole[]): void {
  if (hasRole(ctx, doorRoles(roles))) return;
  // What the office alone does (creating and binding teams, instructions): the asker is not the office, whatever role they hold elsewhere.
  if (roles.length === 1 && roles[0] === 'admin') throw new CommandError('FORBIDDEN', ctx.t.errors.officeCommand(ctx.command));
  throw new CommandError('FORBIDDEN', ctx.t.errors.needRole(roles.map((r) => ctx.t.roles[r]), ctx.role && ctx.t.roles[ctx.role]));
}

/** Whether the asker holds one of `roles`: through team membership, or as the office. */
export function hasRole(ctx: Pick<Context, 'role' | 'isAdmin'>, roles: readonly (Role | 'author')[]): boolean {
  return (ctx.role !== undefined && roles.includes(ctx.role)) || (ctx.isAdmin && roles.includes('admin'));
}

/**
 * Refuse unless the asker has one of `roles` (or is the record's `author`, where that is one). The reply
 * names the roles it needs and the asker's own, or, for what the office alone does, that they are not the office.
 */
export function requireRole(ctx: Context, roles: readonly (Role | 'author')[], author?: string): void {
  if (hasRole(ctx, roles)) return;
  if (author !== undefined && roles.includes('author') && author === ctx.user) return;
  const { t } = ctx;
  if (roles.length === 1 && roles[0] === 'admin') throw new CommandError('FORBIDDEN', t.errors.officeCommand(ctx.command));
  throw new CommandError('FORBIDDEN', t.errors.needRole(roles.map((r) => t.roles[r]), ctx.role && t.roles[ctx.role]));
}

/**
 * Only the office may appoint or remove a team's leaders (组长、副组长由县委授权任命) and its supervisors,
 * who answer to the discipline commission or the organisation department, not to the team.
 */
export function requireAdminFor(ctx: Context, role: TeamRole): void {
  if ((role === 'leader' || role === 'deputy' || role === 'supervisor') && !ctx.isAdmin) throw new CommandError('FORBIDDEN', ctx.t.errors.officeAppoints(ctx.t.roles[role]));
}

/**
 * A supervisor's work starts at feedback: before it every team command of theirs is refused, saying
 * from when (src/visibility.ts hides the records the same way from whatever else reaches them).
 */
export function requireSupervisionStarted(ctx: TeamContext): void {
  if (ctx.role !== 'supervisor' || fedBack(ctx.team, ctx.today)) return;
  const feedback = ctx.team.period?.feedback;
  throw new CommandError('FORBIDDEN', feedback ? ctx.t.errors.supervisorFrom(feedback) : ctx.t.errors.supervisorNoFeedback);
}

/** Who may see a problem clue: leader, deputy, the office, and the finding's author. */
export const CLUE_READERS = ['leader', 'deputy', 'admin', 'author'] as const;

/**
 * Refuse a unit the asker declared a conflict with (回避): they may not add, edit or read its findings.
 * What they are shown is decided by the gate all the same (src/visibility.ts); this is the refusal in words.
 */
export function requireNotRecused(ctx: TeamContext, unit: string): void {
  if (recusedUnits(ctx.team, ctx.user).includes(unit)) throw new CommandError('FORBIDDEN', ctx.t.recusal.recused(unit));
}

/** Whether `user` (the asker by default) may read a clue on this finding: the rule of src/visibility.ts, asked. */
export function canReadClue(ctx: TeamContext, finding: Pick<Finding, 'author' | 'unit'>, user: UserId = ctx.user): boolean {
  const reader = readerIn(ctx.team, user, new Set(ctx.config.admins));
  return accessOf(reader, { kind: 'finding', unit: finding.unit, author: finding.author, clue: true }, ctx.team, ctx.today) === 'content';
}
