/** `npm run seal`: encrypt, with XC_ENCRYPTION_KEY, every record the store named by XC_STORE holds in plain text. */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from './config.ts';
import { startupLang, startupMessage } from './i18n/startup.ts';
import { sealStore, type SealReport } from './store/seal-store.ts';
import { StoreError } from './store/store.ts';

/** What became of the old text, as the end of the one line the script prints. */
const OLD_TEXT: Record<SealReport['oldText'], string> = {
  compacted: 'the database file was rebuilt and its WAL emptied, so neither keeps the old text',
  'aof-rewrite': 'an AOF rewrite was started (BGREWRITEAOF, best effort) so the append-only file drops the old text',
  'aof-off': 'AOF is off, so no append-only file keeps the old text',
  'aof-unknown': 'Redis would not say whether AOF is on: if it is, run BGREWRITEAOF so the append-only file drops the old text',
};

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  if (!config.encryptionKey) throw new ConfigError((t) => t.sealNeedsKey);
  const report = await sealStore(config.store, config.encryptionKey);
  process.stdout.write(`seal: ${report.sealed} records sealed, ${report.already} already sealed; ${OLD_TEXT[report.oldText]}.\n`);
}

main().catch((err: unknown) => {
  const known = err instanceof ConfigError || err instanceof StoreError;
  process.stderr.write(`xuncha: ${known ? startupMessage(err, startupLang(process.env)) : `failed: ${(err as Error)?.message ?? String(err)}`}\n`);
  process.exitCode = 1;
});
