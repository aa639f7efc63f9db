/** `npm run backup -- <file>` and `npm run restore -- <file>`: the store named by XC_STORE to a file and back. */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from './config.ts';
import { startupLang, startupMessage } from './i18n/startup.ts';
import { readBackup, writeBackup } from './store/backup.ts';
import { createStore, StoreError } from './store/store.ts';

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  if ((mode !== 'backup' && mode !== 'restore') || !file) {
    throw new ConfigError((t) => t.backupUsage);
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const key = config.encryptionKey;
  // A backup reads beside the running bot; a restore fills an empty store, which it owns meanwhile.
  const store = await createStore(config.store, undefined, { key, shared: mode === 'backup' });
  try {
    if (mode === 'backup') {
      const data = await writeBackup(store, file, key, new Date());
      process.stdout.write(`backup: ${data.records.length} records and ${data.counters.length} counters written to ${file}${key ? ' (encrypted)' : ''}\n`);
    } else {
      const data = await readBackup(file, key);
      await store.restore(data);
      process.stdout.write(`restore: ${data.records.length} records and ${data.counters.length} counters loaded from ${file}\n`);
    }
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  const known = err instanceof ConfigError || err instanceof StoreError;
  process.stderr.write(`xuncha: ${known ? startupMessage(err, startupLang(process.env)) : `failed: ${(err as Error)?.message ?? String(err)}`}\n`);
  process.exitCode = 1;
});
