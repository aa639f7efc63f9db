import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { KeyvStoreAdapter, StoredData } from 'keyv';

/** The table @keyv/sqlite created: stores written by earlier versions open unchanged. */
const TABLE = 'keyv';

/**
 * Keyv's SQLite store over better-sqlite3. Each call runs on the main thread, so a read costs tens of
 * microseconds instead of a trip through the thread pool (the sqlite3 package under @keyv/sqlite:
 * 0.2 ms, with a tail of several ms here). A write still waits for its sync, which a "saved" needs.
 */
export class SqliteAdapter extends EventEmitter implements KeyvStoreAdapter {
  readonly opts: { dialect: 'sqlite'; url: string; table: string };
  namespace?: string;
  private readonly db: Database.Database;
  private readonly statements;
  private readonly writeAll: (entries: Array<{ key: string; value: string }>) => void;

  /** `file` is a path or ':memory:'. */
  constructor(file: string) {
    super();
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.opts = { dialect: 'sqlite', url: `sqlite://${file}`, table: TABLE };
    // A write waits up to 10 s for another connection's lock (a restore or backup run beside the bot).
    this.db = new Database(file, { timeout: 10_000 });
    // WAL lets readers run beside the writer; FULL syncs each commit, so "saved" survives a power loss.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    // SQLite's stock page cache (2 MB), not better-sqlite3's 16 MB: the OS caches the file anyway, and
    // reads measured no slower, while the larger cache added 14 MB to the bot's RSS.
    this.db.pragma('cache_size = -2000');
    // A deleted or rewritten record (edited, or sealed by npm run seal) has its old bytes zeroed, not
    // left in a free page or a cell gap where a copy of the file still shows them. It costs writing
    // those zeros: a synced update measured 0.19 ms instead of 0.17; reads cost nothing more.
    this.db.pragma('secure_delete = ON');
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${TABLE}(key VARCHAR(255) PRIMARY KEY, value TEXT)`);
    this.statements = {
      get: this.db.prepare<[string], { value: string }>(`SELECT value FROM ${TABLE} WHERE key = ?`),
      getMany: this.db.prepare<[string], { key: string; value: string }>(`SELECT key, value FROM ${TABLE} WHERE key IN (SELECT value FROM json_each(?))`),
      set: this.db.prepare<[string, string]>(`INSERT INTO ${TABLE} (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
      delete: this.db.prepare<[string]>(`DELETE FROM ${TABLE} WHERE key = ?`),
      clear: this.db.prepare<[string]>(`DELETE FROM ${TABLE} WHERE key LIKE ?`),
    };
    this.writeAll = this.db.transaction((entries) => {
      for (const { key, value } of entries) this.statements.set.run(key, value);
    });
  }

  // Keyv's types call the stored text a Value; it is the serialized record, which Keyv then parses.
  async get<Value>(key: string): Promise<StoredData<Value>> {
    return this.statements.get.get(key)?.value as Value | undefined;
  }

  async getMany<Value>(keys: string[]): Promise<Array<StoredData<Value | undefined>>> {
    const rows = new Map(this.statements.getMany.all(JSON.stringify(keys)).map((row) => [row.key, row.value]));
    return keys.map((key) => rows.get(key) as Value | undefined);
  }

  async set(key: string, value: string): Promise<boolean> {
    this.statements.set.run(key, value);
    return true;
  }

  /** Every row in one transaction: committed (and synced) together, or not at all. */
  async setMany(entries: Array<{ key: string; value: string }>): Promise<void> {
    this.writeAll(entries);
  }

  async delete(key: string): Promise<boolean> {
    return this.statements.delete.run(key).changes > 0;
  }

  /** Delete every row of this namespace (Keyv's adapter contract; the bot itself never clears its store). */
  async clear(): Promise<void> {
    this.statements.clear.run(this.namespace ? `${this.namespace}:%` : '%');
  }

  /** Every row whose key starts with `prefix`, read in one transaction: a consistent view while the bot writes. */
  rowsWithPrefix(prefix: string): Array<{ key: string; value: string }> {
    return this.db.prepare<[string], { key: string; value: string }>(`SELECT key, value FROM ${TABLE} WHERE key LIKE ?`).all(`${prefix}%`);
  }

  /** How many rows under `prefix`, except those under `except`, hold a value not beginning with `start`: one query, no value parsed. */
  countNotStartingWith(prefix: string, except: string, start: string): number {
    return this.db
      .prepare<[string, string, number, string], { n: number }>(`SELECT count(*) AS n FROM ${TABLE} WHERE key LIKE ? AND key NOT LIKE ? AND substr(value, 1, ?) <> ?`)
      .get(`${prefix}%`, `${except}%`, start.length, start)!.n;
  }

  /**
   * Read every row under `prefix` and write the rows `change` returns, in one transaction taken for
   * writing before the read: no other writer in between, and all of it is committed or none (a throw
   * from `change` writes nothing).
   */
  rewrite(prefix: string, change: (rows: Array<{ key: string; value: string }>) => Array<{ key: string; value: string }>): void {
    this.db.transaction(() => this.writeAll(change(this.rowsWithPrefix(prefix)))).immediate();
  }

  /**
   * Rebuild the file (VACUUM) and move the WAL into it, truncated to nothing: no old text stays in free
   * pages or in WAL frames. False when another connection kept the WAL from being emptied.
   */
  compact(): boolean {
    this.db.exec('VACUUM');
    const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
    return result?.busy === 0;
  }

  async disconnect(): Promise<void> {
    this.db.close();
  }
}
