import { readFile, writeFile } from 'node:fs/promises';
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

/** Write a snapshot of the store to `file`: sealed whole with the key when there is one, readable by its owner only. */
export async function writeBackup(store: Store, file: string, key: Buffer | undefined, at: Date): Promise<Snapshot> {
  const data = await store.snapshot();
  const body = key ? { sealed: createSeal(key).seal(data).$sealed } : { data };
  await writeFile(file, JSON.stringify({ format: FORMAT, version: 1, createdAt: at.toISOString(), ...body }), { mode: 0o600 });
  return data;
}

/** Read a backup file written by writeBackup; a wrong key or a damaged file is one clear error. */
export async function readBackup(file: string, key: Buffer | undefined): Promise<Snapshot> {
  let parsed;
  try {
    parsed = FileSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    throw new StoreError('STORE_CORRUPT', `${file} is not an xuncha backup.`);
  }
  if (parsed.data) return parsed.data;
  if (!key) throw new StoreError('STORE_KEY', `${file} is encrypted: set XC_ENCRYPTION_KEY to the key it was made with.`);
  try {
    return SnapshotSchema.parse(createSeal(key).open({ $sealed: parsed.sealed ?? '' }));
  } catch {
    throw new StoreError('STORE_KEY', `XC_ENCRYPTION_KEY does not open ${file}: it was made with another key.`);
  }
}
