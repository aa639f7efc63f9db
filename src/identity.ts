import type { AuditEntry } from './audit.ts';
import type { Services } from './command.ts';
import type { Platform, UserId } from './types.ts';

/** Telegram usernames: 5 to 32 letters, digits and underscores. */
const USERNAME = /^[A-Za-z][A-Za-z0-9_]{4,31}$/;

/** The stand-in id of someone added by @handle before they ever wrote to the bot. */
export function placeholderFor(platform: Platform, handle: string): UserId | undefined {
  return platform === 'telegram' && USERNAME.test(handle) ? `${platform}:@${handle.toLowerCase()}` : undefined;
}

/** Whether a user id is such a stand-in, not yet matched to a real account. */
export function isPlaceholder(user: UserId): boolean {
  return user.includes(':@');
}

/**
 * Bind a platform @handle to the account behind it. Someone added by handle before they ever wrote
 * becomes that account: their memberships and the tasks they own move to their real id.
 */
export async function claimHandle(services: Services, platform: Platform, handle: string, user: UserId, at: string): Promise<void> {
  if ((await services.users.alias(platform, handle)) === user) return;
  await services.users.setAlias(platform, handle, user);
  const placeholder = placeholderFor(platform, handle);
  if (!placeholder) return;
  // Each change on record: the member's account, and each task they own, now under their real id.
  const entry = (ref: string): AuditEntry => ({ at, user, action: 'member-identity', ref, field: placeholder });
  for (const team of await services.teams.forUser(placeholder)) {
    await services.teams.update(
      team.id,
      (t) => ({
        ...t,
        members: t.members.map((m) => (m.user === placeholder ? { ...m, user } : m)),
        owners: t.owners.map((o) => (o === placeholder ? user : o)),
        history: [...t.history, { at, by: user, field: 'identity', from: placeholder, to: user }],
      }),
      () => [entry(user)],
    );
    for (const task of await services.rectifications.list(team.id)) {
      if (task.owner === placeholder) await services.rectifications.update(team.id, task.n, (r) => ({ ...r, owner: user }), (r) => [entry(`R-${r.n}`)]);
    }
  }
  // Messages queued for them while they were unknown can go out now.
  await services.outbox.wake();
}
