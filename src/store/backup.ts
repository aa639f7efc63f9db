import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { createSeal } from './seal.ts';
import { StoreError, type Snapshot, type Store } from './store.ts';

const FORMAT = 'xuncha-backup';

const SnapshotSchema = z.object({
  records: z.array(z.tuple([z.string(), z.unknown()])),
  counters: z.array(z.tuple([z.string(), z.number()])),
});
const FileSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  createdAt: z.string(),
  data: SnapshotSchema.optional(),
  sealed: z.string().optional(),
});

/**
 * Replace `file` with `text` whole or not at all: written to a temporary file beside it (created 0600,
 * so the text is never readable by others, not even for a moment), synced, then renamed over it. A
 * crash leaves the old file or the new one, never half of one; and `writeFile`'s mode would apply
 * only to a new file, while the rename gives an existing 0644 backup the temporary file's 0600.
 */
async function replaceFile(file: string, text: string): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  // The rename is durable once the folder is synced; a folder that cannot be synced is not worth failing a finished backup for.
  const folder = await open(dirname(file), 'r').catch(() => undefined);
  await folder?.sync().catch(() => undefined);
  await folder?.close();
}

/** Write a snapshot of the store to `file`: sealed whole with the key when there is one, readable by its owner only, replaced atomically. */
export async function writeBackup(store: Store, file: string, key: Buffer | undefined, at: Date): Promise<Snapshot> {
  const data = await store.snapshot();
  const body = key ? { sealed: createSeal(key).seal(data).$sealed } : { data };
  await replaceFile(file, JSON.stringify({ format: FORMAT, version: 1, createdAt: at.toISOString(), ...body }));
  return data;
}

/** Read a backup file written by writeBackup; a wrong key or a damaged file is one clear error. */
export async function readBackup(file: string, key: Buffer | undefined): Promise<Snapshot> {
  let parsed;
  try {
    parsed = FileSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    throw StoreError.worded('STORE_CORRUPT', (t) => t.store.notBackup(file));
  }
  if (parsed.data) return parsed.data;
  if (!key) throw StoreError.worded('STORE_KEY', (t) => t.store.backupEncrypted(file));
  try {
    return SnapshotSchema.parse(createSeal(key).open({ $sealed: parsed.sealed ?? '' }));
  } catch {
    throw StoreError.worded('STORE_KEY', (t) => t.store.backupWrongKey(file));
  }
}
