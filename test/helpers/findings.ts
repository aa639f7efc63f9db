import type { ChatRef } from '../../src/types.ts';
import type { Harness } from './harness.ts';
import { ok } from './replies.ts';

/**
 * Take a draft through the 底稿 chain to confirmed, as the standard team does it: the leader notes its
 * evidence (unless it has some), the deputy reviews it (the leader, when the deputy wrote it), the leader
 * signs it. `chat`: where it is typed (a clue's steps are answered privately wherever they are typed).
 */
export async function signOff(h: Harness, ref: string, options: { author?: string; evidence?: boolean; chat?: ChatRef | string } = {}): Promise<void> {
  const { author, evidence = true, chat } = options;
  if (evidence) await ok(h, '组长', `/finding edit ${ref} --evidence 谈话记录第3页`, chat);
  await ok(h, author === '副组长' ? '组长' : '副组长', `/finding review ${ref}`, chat);
  await ok(h, '组长', `/finding confirm ${ref}`, chat);
}
