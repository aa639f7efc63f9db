import { z } from 'zod';
import type { Logger } from './logger.ts';
import type { Store } from './store/store.ts';
import type { Outgoing, Platform } from './types.ts';

/** An adapter's side of sending: deliver one message the bot starts itself (digest, notice, reminder). */
export interface Sender {
  send(out: Outgoing): Promise<void>;
}

const ReplySchema = z.object({
  text: z.string(),
  visibility: z.enum(['chat', 'asker', 'dm']),
  error: z.boolean().optional(),
  actions: z.array(z.object({ label: z.string(), command: z.string(), style: z.enum(['primary', 'danger']).optional() })).optional(),
});
const OutgoingSchema = z.object({
  to: z.union([z.object({ chat: z.string() }), z.object({ user: z.string() })]),
  reply: ReplySchema,
});
const BatchSchema = z.object({
  createdAt: z.string(),
  messages: z.array(OutgoingSchema),
  delivered: z.array(z.boolean()),
  attempts: z.number().int(),
});
const PendingSchema = z.array(z.string());
const PENDING = 'outbox:pending';

/** The platform of an address such as `slack:C123` or `telegram:42`. */
export function platformOf(out: Outgoing): Platform {
  const address = 'chat' in out.to ? out.to.chat : out.to.user;
  return address.slice(0, address.indexOf(':')) as Platform;
}

/**
 * Messages the bot starts itself, written to the store before they are sent, so that none is lost
 * to a crash or a platform's refusal: each batch is retried until every message is delivered. A
 * batch's id doubles as a claim: the digest of one team for one day is enqueued once, ever.
 */
export function createOutbox(store: Store, log: Logger) {
  const senders = new Map<Platform, Sender>();
  const batchKey = (id: string) => `outbox:${id}`;

  async function deliver(id: string): Promise<boolean> {
    const batch = await store.get(batchKey(id), BatchSchema);
    if (!batch) return true;
    const delivered = [...batch.delivered];
    for (const [i, out] of batch.messages.entries()) {
      if (delivered[i]) continue;
      const sender = senders.get(platformOf(out));
      if (!sender) continue; // that platform is not running in this process; another may deliver it
      try {
        await sender.send(out);
        delivered[i] = true;
      } catch (err) {
        log.warn({ batch: id, message: i, err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'delivery failed; will retry');
      }
    }
    const done = delivered.every(Boolean);
    // Once delivered, the texts are dropped: the batch stays only as the record that it was sent.
    await store.set(batchKey(id), { ...batch, delivered, attempts: batch.attempts + 1, messages: done ? [] : batch.messages });
    return done;
  }

  return {
    /** Let a platform's adapter deliver the messages addressed to that platform. */
    register(platform: Platform, sender: Sender): void {
      senders.set(platform, sender);
    },
    /** Whether a batch with this id was ever enqueued. */
    async has(id: string): Promise<boolean> {
      return (await store.get(batchKey(id), BatchSchema)) !== undefined;
    },
    /** Durably queue `messages` under `id`; false (and nothing queued) when that id was used before. */
    enqueue(id: string, messages: Outgoing[], at: string): Promise<boolean> {
      return store.withLock(batchKey(id), async () => {
        if (await store.get(batchKey(id), BatchSchema)) return false;
        // Pending first: a crash before the batch is written leaves a dangling id that flush drops.
        await store.update(PENDING, PendingSchema, (ids = []) => [...ids, id]);
        await store.set(batchKey(id), { createdAt: at, messages, delivered: messages.map(() => false), attempts: 0 });
        return true;
      });
    },
    /** Try to deliver every pending batch; what fails stays pending for the next flush. */
    flush(): Promise<void> {
      return store.withLock('outbox-flush', async () => {
        const pending = (await store.get(PENDING, PendingSchema)) ?? [];
        const finished: string[] = [];
        for (const id of pending) if (await deliver(id)) finished.push(id);
        if (finished.length) await store.update(PENDING, PendingSchema, (ids = []) => ids.filter((id) => !finished.includes(id)));
      });
    },
  };
}
export type Outbox = ReturnType<typeof createOutbox>;
