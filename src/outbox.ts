import { z } from 'zod';
import { ChartSchema } from './chart.ts';
import type { Clock } from './clock.ts';
import type { Gate } from './gate.ts';
import type { Logger } from './logger.ts';
import type { ReadLog } from './reads.ts';
import { keys } from './store/keys.ts';
import type { Store } from './store/store.ts';
import type { Outgoing, Platform, Reply } from './types.ts';

/** An adapter's side of sending: deliver one message the bot starts itself (digest, notice, reminder). */
export interface Sender {
  send(out: Outgoing): Promise<void>;
}

const QuoteSchema = z.union([
  z.object({ team: z.string(), kind: z.enum(['finding', 'task', 'doc', 'matter']), n: z.number().int(), ref: z.literal(true).optional() }),
  z.object({ team: z.string(), kind: z.enum(['team', 'audit', 'recusal']) }),
]);
const ReplySchema = z.object({
  text: z.string(),
  visibility: z.enum(['chat', 'asker', 'dm']),
  // What the gate let through: kept with the message, though only the gate reads it.
  quotes: z.array(QuoteSchema).default([]),
  error: z.boolean().optional(),
  actions: z.array(z.object({ label: z.string(), command: z.string(), style: z.enum(['primary', 'danger']).optional() })).optional(),
  // A chart is kept as its data and drawn when sent: a picture in the store would weigh a hundred times more.
  chart: ChartSchema.optional(),
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
  /** After a failure, not tried again before this instant. */
  nextAt: z.string().optional(),
});

/** Wait before retrying a batch that failed: at once the first time, then 1, 2, 4 … up to 60 minutes. */
function backoffMs(attempts: number): number {
  return attempts <= 1 ? 0 : Math.min(2 ** (attempts - 2), 60) * 60_000;
}
const PendingSchema = z.array(z.string());

/** The platform of an address such as `slack:C123` or `telegram:42`. */
export function platformOf(out: Outgoing): Platform {
  const address = 'chat' in out.to ? out.to.chat : out.to.user;
  return address.slice(0, address.indexOf(':')) as Platform;
}

/**
 * Messages the bot starts itself, written to the store before they are sent, so that none is lost
 * to a crash or a platform's refusal: each batch is retried until every message is delivered. A
 * batch's id doubles as a claim: the digest of one team for one day is enqueued once, ever. Every
 * message passes the gate before it is stored: what its recipient may not read is never queued.
 */
export function createOutbox(store: Store, log: Logger, clock: Clock, gate: Pick<Gate, 'outgoing'>, draw: (reply: Reply) => Promise<Reply> = async (r) => r) {
  const senders = new Map<Platform, Sender>();
  const batchKey = keys.outbox;

  async function deliver(id: string): Promise<boolean> {
    const batch = await store.get(batchKey(id), BatchSchema);
    if (!batch) return true;
    const now = clock.now();
    if (batch.nextAt && new Date(batch.nextAt) > now) return false;
    const delivered = [...batch.delivered];
    for (const [i, out] of batch.messages.entries()) {
      if (delivered[i]) continue;
      const sender = senders.get(platformOf(out));
      if (!sender) continue; // that platform is not running in this process; another may deliver it
      try {
        await sender.send(out.reply.chart ? { ...out, reply: await draw(out.reply) } : out);
        delivered[i] = true;
      } catch (err) {
        const level = batch.attempts === 0 ? 'warn' : 'debug';
        log[level]({ batch: id, message: i, attempts: batch.attempts + 1, err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'delivery failed; will retry');
      }
    }
    const done = delivered.every(Boolean);
    const attempts = batch.attempts + 1;
    const nextAt = done ? undefined : new Date(now.getTime() + backoffMs(attempts)).toISOString();
    // Once delivered, the texts are dropped: the batch stays only as the record that it was sent.
    await store.set(batchKey(id), { ...batch, delivered, attempts, nextAt, messages: done ? [] : batch.messages });
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
    /**
     * Durably queue `messages` under `id`, each as the gate lets it through (`reads`: what was read to
     * write them); false (and nothing queued) when that id was used before.
     */
    enqueue(id: string, messages: Outgoing[], at: string, reads?: ReadLog): Promise<boolean> {
      return store.withLock(batchKey(id), async () => {
        if (await store.get(batchKey(id), BatchSchema)) return false;
        messages = await gate.outgoing(messages, reads);
        // Pending first: a crash before the batch is written leaves a dangling id that flush drops.
        await store.update(keys.outboxPending, PendingSchema, (ids = []) => [...ids, id]);
        await store.set(batchKey(id), { createdAt: at, messages, delivered: messages.map(() => false), attempts: 0 });
        return true;
      });
    },
    /** Someone became reachable (they wrote to the bot at last): retry every pending batch without waiting. */
    wake(): Promise<void> {
      return store.withLock(keys.flushLock, async () => {
        for (const id of (await store.get(keys.outboxPending, PendingSchema)) ?? []) {
          const batch = await store.get(batchKey(id), BatchSchema);
          if (batch?.nextAt) await store.set(batchKey(id), { ...batch, nextAt: undefined });
        }
      });
    },
    /** Try to deliver every pending batch; what fails stays pending for the next flush. */
    flush(): Promise<void> {
      return store.withLock(keys.flushLock, async () => {
        const pending = (await store.get(keys.outboxPending, PendingSchema)) ?? [];
        const finished: string[] = [];
        for (const id of pending) if (await deliver(id)) finished.push(id);
        if (finished.length) await store.update(keys.outboxPending, PendingSchema, (ids = []) => ids.filter((id) => !finished.includes(id)));
      });
    },
  };
}
export type Outbox = ReturnType<typeof createOutbox>;
