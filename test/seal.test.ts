import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createClient } from '@keyv/redis';
import { afterEach, describe, expect, it } from 'vitest';
import { createSeal } from '../src/store/seal.ts';
import { sealStore } from '../src/store/seal-store.ts';
import { createStore, StoreError } from '../src/store/store.ts';
import { SEALED_TEXT } from '../src/store/unsealed.ts';
import { createHarness, dm, tempDir, withTeam } from './helpers/harness.ts';
import { SEAL, START } from './helpers/start.ts';

const KEY = '5'.repeat(64);
const OTHER_KEY = '6'.repeat(64);
const REDIS = process.env.XC_TEST_REDIS;
/** Two canaries: a finding's text and a clue's subject, typed into a store kept without a key. */
const TEXT = '明文问题金丝雀甲';
const SUBJECT = '明文对象金丝雀乙';
/**
 * The finding is long (4.8 kB): its record spills into overflow pages, which a rewrite frees with the
 * old text in them, so the test fails unless sealing clears free pages (secure_delete, VACUUM).
 */
const WRITE_PLAIN = ['/team create 第一巡察组', '/team unit add 城关镇', '/team add me 组长', `/finding add ${TEXT.repeat(200)} --unit 城关镇 --cat 作风`, '/dm', `/finding clue F-1 --subject ${SUBJECT}`];
const REFUSAL = /^xuncha: 设置了 XC_ENCRYPTION_KEY，但这个存储中有 (\d+) 条记录是未加密写入的。请先运行一次 npm run seal 加密，再启动。\n$/;

/**
 * Run what an npm script runs (the built dist entry with node), in `cwd` so that no .env or
 * console history of the working copy is read, with only the variables given.
 */
function run(script: typeof START, cwd: string, env: Record<string, string>, lines: string[] = []) {
  const { PATH, HOME } = process.env;
  return spawnSync(script.command, script.args, { cwd, input: lines.join('\n') + '\n', env: { PATH, HOME, ...env }, encoding: 'utf8', timeout: 60_000 });
}

/** Whether any file in `dir` (the database, its -wal and -shm, the log beside them) holds `text`. */
function onDisk(dir: string, text: string): boolean {
  return readdirSync(dir).some((name) => statSync(join(dir, name)).isFile() && readFileSync(join(dir, name)).includes(Buffer.from(text)));
}

const dirs: Array<ReturnType<typeof tempDir>> = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));
function folder(): string {
  const d = tempDir();
  dirs.push(d);
  return d.dir;
}

describe('npm run seal on SQLite (the real processes)', () => {
  it('refuses to start a plain store with a key, seals it in one run leaving no old text on disk, and opens it after', () => {
    const cwd = folder();
    const data = join(cwd, 'data');
    // The log sits in the store's folder, as data/xuncha.log does by default: it is read with the rest.
    const env = { XC_STORE: `sqlite://${join(data, 'x.sqlite')}`, LOG_FILE: join(data, 'x.log') };
    const withKey = { ...env, XC_ENCRYPTION_KEY: KEY };

    const plain = run(START, cwd, env, WRITE_PLAIN);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain('已将 F-1 标记为问题线索');
    // Without a key the text is on disk in the clear, so the checks below can fail.
    expect(onDisk(data, TEXT) && onDisk(data, SUBJECT)).toBe(true);

    const refused = run(START, cwd, withKey, ['/finding list']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(REFUSAL);
    expect(refused.stdout).toBe('');
    const plainCount = Number(REFUSAL.exec(refused.stderr)![1]);

    const sealed = run(SEAL, cwd, withKey);
    expect(sealed.stderr).toBe('');
    expect(sealed.status).toBe(0);
    expect(sealed.stdout).toBe(`seal: ${plainCount} records sealed, 0 already sealed; the database file was rebuilt and its WAL emptied, so neither keeps the old text.\n`);
    expect(onDisk(data, TEXT)).toBe(false);
    expect(onDisk(data, SUBJECT)).toBe(false);

    const started = run(START, cwd, withKey, ['/dm', '/finding show F-1']);
    expect(started.status).toBe(0);
    expect(started.stdout).toContain(TEXT);
    expect(started.stdout).toContain(`被反映人：${SUBJECT}`);

    const again = run(SEAL, cwd, withKey);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^seal: 0 records sealed, \d+ already sealed; /);
    expect(onDisk(data, TEXT) || onDisk(data, SUBJECT)).toBe(false);
  });

  it('refuses without a key, with a key that does not open the store, and on a path that holds no store', () => {
    const cwd = folder();
    const env = { XC_STORE: `sqlite://${join(cwd, 'x.sqlite')}`, LOG_FILE: join(cwd, 'x.log') };
    expect(run(START, cwd, { ...env, XC_ENCRYPTION_KEY: KEY }, ['/team create 加密组']).status).toBe(0);

    const keyless = run(SEAL, cwd, env);
    expect(keyless.status).toBe(1);
    expect(keyless.stderr).toBe('xuncha: npm run seal 需要 XC_ENCRYPTION_KEY。请把它设为机器人将要使用的密钥。\n');
    const wrong = run(SEAL, cwd, { ...env, XC_ENCRYPTION_KEY: OTHER_KEY });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toBe('xuncha: XC_ENCRYPTION_KEY 打不开这个存储：它是用另一个密钥加密的。请改用加密时的密钥。\n');
    const missing = run(SEAL, cwd, { XC_STORE: `sqlite://${join(cwd, 'typo.sqlite')}`, XC_ENCRYPTION_KEY: KEY });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(`xuncha: XC_STORE：${join(cwd, 'typo.sqlite')} 没有 SQLite 存储。请检查 XC_STORE 的路径。\n`);
    expect(readdirSync(cwd)).not.toContain('typo.sqlite');
  });
});

describe('sealing beside an open connection', () => {
  it('leaves no old text in the database file or its WAL while another connection keeps them open', async () => {
    const h = await createHarness();
    await withTeam(h);
    await h.say('组员', `/finding add ${TEXT.repeat(200)} --unit 城关镇 --cat 作风`);
    await h.close();
    // A plain store still open elsewhere, with a write of its own not yet checkpointed: its frames sit in the WAL.
    const other = await createStore(`sqlite://${h.file}`);
    await other.set('note', { text: SUBJECT });
    const data = dirname(h.file);
    expect(readdirSync(data).some((name) => name.endsWith('-wal'))).toBe(true);
    expect(onDisk(data, SUBJECT)).toBe(true);

    const report = await sealStore(`sqlite://${h.file}`, Buffer.from(KEY, 'hex'));
    expect(report.sealed).toBeGreaterThan(0);
    expect(onDisk(data, TEXT)).toBe(false);
    expect(onDisk(data, SUBJECT)).toBe(false);
    await other.close();
    await h.dispose();
  });
});

describe('the SQLite file', () => {
  it('keeps no copy of a record that was overwritten or deleted (secure_delete, always on)', async () => {
    const dir = folder();
    const url = `sqlite://${join(dir, 'x.sqlite')}`;
    const store = await createStore(url);
    // Long enough to spill into overflow pages, which the rewrite frees with the text still in them.
    await store.set('overwritten', { text: TEXT.repeat(200) });
    await store.set('deleted', { text: SUBJECT.repeat(200) });
    await store.set('overwritten', { text: '改过了' });
    await store.delete('deleted');
    await store.close();
    expect(onDisk(dir, TEXT)).toBe(false);
    expect(onDisk(dir, SUBJECT)).toBe(false);
  });
});

describe('a key over plain records', () => {
  it('is refused also when an older version already wrote the key-check, and the refusal leaves the store openable without the key', async () => {
    const h = await createHarness();
    await withTeam(h);
    await h.say('组员', `/finding add ${TEXT} --unit 城关镇 --cat 作风`);
    // What an older version left when it first opened this plain store with the key: the key-check, sealed.
    await h.store.set('key-check', createSeal(Buffer.from(KEY, 'hex')).seal('xuncha'));
    await h.close();
    const url = `sqlite://${h.file}`;
    const refusal = createStore(url, undefined, { key: Buffer.from(KEY, 'hex') });
    await expect(refusal).rejects.toThrow(StoreError);
    await expect(refusal).rejects.toThrow(/^XC_ENCRYPTION_KEY is set, but this store holds \d+ records written without it: run npm run seal once to encrypt them, then start again\.$/);
    await h.dispose();
  });

  it('is refused before the key-check is written, so the store still opens without the key', async () => {
    const h = await createHarness();
    await withTeam(h);
    await h.close();
    const url = `sqlite://${h.file}`;
    await expect(createStore(url, undefined, { key: Buffer.from(KEY, 'hex') })).rejects.toThrow('run npm run seal once');
    // No key-check was left behind: without the key the store opens as the plain store it is.
    const keyless = await createStore(url);
    await keyless.close();
    await h.dispose();
  });

  it('is not refused for counters, which stay plain on a sealed store', async () => {
    const h = await createHarness({ env: { XC_ENCRYPTION_KEY: KEY } });
    await withTeam(h);
    await h.say('组员', '/finding add 有计数器的问题 --unit 城关镇 --cat 作风');
    await h.say('组长', '/finding show F-1', dm('组长'));
    await h.close();
    const reopened = await createHarness({ file: h.file, env: { XC_ENCRYPTION_KEY: KEY } });
    expect(await reopened.text('组员', '/finding add 第二个 --unit 城关镇 --cat 作风')).toContain('F-2');
    await reopened.dispose();
    await h.dispose();
  });
});

describe.skipIf(!REDIS)('npm run seal on Redis (the real processes)', () => {
  it('refuses to start a plain store with a key, seals it in one run leaving no plain value, and opens it after', async () => {
    // A database of its own on the shared server, emptied before and after.
    const url = `${REDIS}/11`;
    const client = createClient({ url });
    await client.connect();
    await client.flushDb();
    /** Every string value in the database, by SCAN and GET. */
    const values = async () => {
      const all: Array<[string, string]> = [];
      for await (const keys of client.scanIterator({ COUNT: 1000 })) {
        for (const key of keys) if ((await client.type(key)) === 'string') all.push([key, (await client.get(key)) ?? '']);
      }
      return all;
    };
    try {
      const cwd = folder();
      const env = { XC_STORE: url, LOG_FILE: join(cwd, 'x.log') };
      const withKey = { ...env, XC_ENCRYPTION_KEY: KEY };
      expect(run(START, cwd, env, WRITE_PLAIN).status).toBe(0);
      expect((await values()).some(([, v]) => v.includes(TEXT))).toBe(true);

      const refused = run(START, cwd, withKey, ['/finding list']);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(REFUSAL);
      const plainCount = Number(REFUSAL.exec(refused.stderr)![1]);

      const sealed = run(SEAL, cwd, withKey);
      expect(sealed.stderr).toBe('');
      const aof = (await client.configGet('appendonly')).appendonly === 'yes';
      const oldText = aof ? 'an AOF rewrite was started (BGREWRITEAOF, best effort)' : 'AOF is off, so no append-only file keeps the old text';
      expect(sealed.stdout).toMatch(new RegExp(`^seal: ${plainCount} records sealed, 0 already sealed; ${oldText.replace(/[()]/g, '\\$&')}`));
      const after = await values();
      expect(after.some(([, v]) => v.includes(TEXT) || v.includes(SUBJECT))).toBe(false);
      // Every record sealed; only counters and leases, which hold no text, stay plain.
      const records = after.filter(([key]) => key.startsWith('xc::'));
      expect(records.length).toBeGreaterThan(plainCount);
      expect(records.filter(([, v]) => !v.startsWith(SEALED_TEXT))).toEqual([]);
      expect(after.filter(([key]) => key.startsWith('xc:counter:')).every(([, v]) => /^\d+$/.test(v))).toBe(true);

      const started = run(START, cwd, withKey, ['/dm', '/finding show F-1']);
      expect(started.status).toBe(0);
      expect(started.stdout).toContain(TEXT);
      expect(started.stdout).toContain(`被反映人：${SUBJECT}`);
      expect(run(SEAL, cwd, withKey).stdout).toMatch(/^seal: 0 records sealed, \d+ already sealed; /);
      const wrong = run(SEAL, cwd, { ...env, XC_ENCRYPTION_KEY: OTHER_KEY });
      expect(wrong.status).toBe(1);
      expect(wrong.stderr).toBe('xuncha: XC_ENCRYPTION_KEY 打不开这个存储：它是用另一个密钥加密的。请改用加密时的密钥。\n');
    } finally {
      await client.flushDb();
      await client.quit();
    }
  });
});
