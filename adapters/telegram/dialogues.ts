import { z } from 'zod';
import type { AdapterRecords } from '../../src/adapter.ts';
import type { Clock } from '../../src/clock.ts';
import type { Form, FormValues } from '../../src/forms.ts';

/**
 * A dialogue not answered for this long is over: as if there were none, and removed when next met. The
 * store keeps no time-to-live, so one abandoned and never met again stays, one record per person at most.
 */
export const DIALOGUE_TTL_MS = 30 * 60_000;

/** Where a conversation happens: the chat, the person, and whether the chat is private. */
export interface Origin {
  chatId: number;
  userId: number;
  userName: string;
  kind: 'group' | 'dm';
}

/** A form being filled in step by step, as it is stored between two steps. */
export interface Dialogue {
  form: Form;
  /** The field being asked for. */
  index: number;
  values: FormValues;
  /** Where the command was typed: the filled form runs there, as the typed command would. */
  origin: Origin;
  /** Where the questions are asked and answered: always the asker's private chat with the bot. */
  talk: Origin;
  /** When the last step was taken (ISO): the expiry counts from it. */
  lastStepAt: string;
  /**
   * The message that asks the current field, once it was sent. Until then (a crash, or a failed send,
   * after the step was saved) the person has not seen the question, and their next move is answered
   * with it; after, only that message's buttons answer it, so a second tap on an earlier one is nothing.
   */
  questionId?: number;
  /**
   * The message that asked the first field. Message ids in a chat only grow: a cancel button on it or on
   * any later message is this dialogue's, one on an earlier message is of a dialogue since replaced.
   */
  firstQuestionId?: number;
}

/** The chat and person a dialogue belongs to: its key. */
export type DialogueAt = Pick<Origin, 'chatId' | 'userId'>;

const OriginSchema = z.object({ chatId: z.number().int(), userId: z.number().int(), userName: z.string(), kind: z.enum(['group', 'dm']) });

const FieldSchema = z.object({
  name: z.string(),
  kind: z.enum(['text', 'longText', 'select', 'date', 'user', 'flag']),
  label: z.string(),
  options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
  optional: z.boolean().optional(),
});

const DialogueSchema: z.ZodType<Dialogue> = z
  .object({
    form: z.object({ command: z.string(), title: z.string(), fields: z.array(FieldSchema).min(1) }),
    index: z.number().int().nonnegative(),
    values: z.record(z.string(), z.union([z.string(), z.boolean()])),
    origin: OriginSchema,
    talk: OriginSchema,
    lastStepAt: z.iso.datetime(),
    questionId: z.number().int().optional(),
    firstQuestionId: z.number().int().optional(),
  })
  .refine((d) => d.index < d.form.fields.length);

/** The dialogue's key among the adapter's records (stored as `telegram:dialogue:…`): one per person and private chat. */
export const dialogueKey = (at: DialogueAt) => `dialogue:${at.chatId}:${at.userId}`;

/**
 * A form as a dialogue keeps it: each option's value and label, not the records it quotes. The gate has
 * already judged the labels for the person; the quotes are not needed again and need not be kept.
 */
export function formToKeep(form: Form): Form {
  return {
    command: form.command,
    title: form.title,
    fields: form.fields.map(({ name, kind, label, optional, options }) => ({
      name, kind, label, optional, options: options?.map(({ value, label: optionLabel }) => ({ value, label: optionLabel })),
    })),
  };
}

/** Dialogues in the store, so that one survives a restart, with the expiry and the per-dialogue lock. */
export interface DialogueStore {
  /** The open dialogue at `at`; an expired or unreadable one is removed, and is none. */
  open(at: DialogueAt): Promise<Dialogue | undefined>;
  /** Write the dialogue as it now stands, which counts as its last step. */
  save(dialogue: Dialogue): Promise<void>;
  remove(at: DialogueAt): Promise<void>;
  /** Run `task` with no other update to the dialogue at `at` in between (a double tap, a webhook retry). */
  exclusive<T>(at: DialogueAt, task: () => Promise<T>): Promise<T>;
}

/** Dialogues kept among the adapter's records in the bot's store (sealed with the rest when it is encrypted). */
export function createDialogueStore(records: AdapterRecords, clock: Clock): DialogueStore {
  const remove = (at: DialogueAt) => records.delete(dialogueKey(at));
  return {
    async open(at) {
      // One written by another version, or damaged, is none: a form in progress is not worth stopping the person for.
      const dialogue = await records.get(dialogueKey(at), DialogueSchema);
      if (dialogue && clock.now().getTime() - Date.parse(dialogue.lastStepAt) > DIALOGUE_TTL_MS) {
        await remove(at);
        return undefined;
      }
      return dialogue;
    },
    save: (dialogue) => records.set(dialogueKey(dialogue.talk), { ...dialogue, lastStepAt: clock.now().toISOString() }),
    remove,
    exclusive: (at, task) => records.exclusive(dialogueKey(at), task),
  };
}
