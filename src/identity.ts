import { recordEntry, teamEntry } from './audit.ts';
import type { Services } from './command.ts';
import type { Platform, UserId } from './types.ts';

/**
 * Bind a platform @handle to the account behind it. Someone added by handle before they ever wrote (as
 * `placeholder`, the platform's stand-in for the handle) becomes that account: their memberships and
 * the tasks they own move to their real id.
 */
export async function claimHandle(services: Pick<Services, 'users' | 'teams' | 'rectifications' | 'outbox'>, platform: Platform, handle: string, user: UserId, at: string, placeholder: UserId | undefined): Promise<void> {
  if ((await services.users.alias(platform, handle)) === user) return;
  await services.users.setAlias(platform, handle, user);
  if (!placeholder) return;
  // Each change on record: the member's account, and each task they own, now under their real id.
  const actor = { user, now: at };
  for (const team of await services.teams.forUser(placeholder)) {
    await services.teams.update(
      team.id,
      (t) => ({
        ...t,
        members: t.members.map((m) => (m.user === placeholder ? { ...m, user } : m)),
        owners: t.owners.map((o) => (o === placeholder ? user : o)),
        history: [...t.history, { at, by: user, field: 'identity', from: placeholder, to: user }],
      }),
      () => [teamEntry(actor, 'member-identity', user, placeholder)],
    );
    for (const task of await services.rectifications.list(team.id)) {
      if (task.owner === placeholder) await services.rectifications.update(team.id, task.n, (r) => ({ ...r, owner: user }), (r) => [recordEntry(actor, 'task', 'member-identity', r.n, placeholder)]);
    }
  }
  // Messages queued for them while they were unknown can go out now.
  await services.outbox.wake();
}
