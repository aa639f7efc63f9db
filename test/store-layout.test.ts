import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { keys, redisCounter, redisKey, redisLock, SQLITE_COUNTERS } from '../src/store/keys.ts';
import { createTeamHarness } from './helpers/harness.ts';

/**
 * The keys stores in use were written under: a spelling changed in src/store/keys.ts would orphan every
 * record an existing store holds, so each is pinned here as it was first written.
 */
describe('the store key layout', () => {
  it('spells every key as stores in use hold it', () => {
    expect([keys.counter('finding:T1'), keys.logEntry('audit:T1', 3), keys.keyLock('team:T1'), keys.keyCheck, keys.health]).toEqual([
      'seq:finding:T1', 'audit:T1:3', 'key:team:T1', 'key-check', 'health',
    ]);
    expect([keys.team('T1'), keys.teamByName('第一巡察组'), keys.teamByChat('slack:C1'), keys.teamsOfUser('telegram:42'), keys.teams, keys.counter(keys.teamCount)]).toEqual([
      'team:T1', 'team-name:第一巡察组', 'chat:slack:C1', 'user-teams:telegram:42', 'teams', 'seq:team',
    ]);
    expect([keys.record('rect', 'T1', 2), keys.records('doc', 'T1'), keys.index('finding', undefined, 'T1', 0), keys.index('rect', 2, 'T1', 1), keys.once('doc', 'T1', 'h')]).toEqual([
      'rect:T1:2', 'doc:T1', 'finding-index:T1:0', 'rect-index2:T1:1', 'doc-once:T1:h',
    ]);
    expect([keys.auditLog('T1'), keys.userName('slack:U1'), keys.userAlias('telegram', 'ZhangSan'), keys.bindingLock, keys.flushLock]).toEqual([
      'audit:T1', 'user-name:slack:U1', 'user-alias:telegram:zhangsan', 'team-binding', 'outbox-flush',
    ]);
    expect([keys.outbox('digest:T1:2026-11-25'), keys.outboxPending, keys.notices(3), keys.counter(keys.noticeCount), keys.digest('T1', '2026-11-25'), keys.secrecy('T1', '2026-11-25'), keys.delivery('slack', 'Ev1')]).toEqual([
      'outbox:digest:T1:2026-11-25', 'outbox:pending', 'notice:3', 'seq:notice', 'digest:T1:2026-11-25', 'secrecy:T1:2026-11-25', 'delivery:slack:Ev1',
    ]);
    expect([keys.officeDigest('2026-11-25'), keys.officeFigures('2026-11-25')]).toEqual(['office-digest:2026-11-25', 'office-figures:2026-11-25']);
    expect([SQLITE_COUNTERS, redisKey('team:T1'), redisCounter('seq:team'), redisLock('team-binding')]).toEqual(['xc:seq:', 'xc::xc:team:T1', 'xc:counter:seq:team', 'xc:lock:team-binding']);
  });

  it('leaves exactly these rows in a SQLite file after a team, a finding, a task and a document request', async () => {
    const { h } = await createTeamHarness();
    for (const [user, line] of [
      ['组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风'],
      ['组长', '/rectify add F-1 公开 --owner 组员 --due 2026-12-20'],
      ['组员', '/docs request 会议记录 --unit 城关镇 --due 2026-12-01'],
    ] as const) await h.say(user, line);
    await h.bot.flush();
    const db = new Database(h.file, { readonly: true });
    const rows = db.prepare<[], { key: string }>('SELECT key FROM keyv ORDER BY key').all().map((r) => r.key);
    db.close();
    await h.dispose();
    // The once keys are hashes of who asked for what: the same request, the same key, in every version.
    expect(rows).toEqual([
      ...Array.from({ length: 11 }, (_, i) => `xc:audit:T1:${i + 1}`).sort(),
      'xc:chat:console:main', 'xc:doc-index:T1:0', 'xc:doc-once:T1:QKodO2nPiPe6q2eNyPXra-Xi62wtcchK1L3YUNes2ew', 'xc:doc:T1:1',
      'xc:finding-index2:T1:0', 'xc:finding-once:T1:Fm2oXAFAggNeEe9FYTcDHtHAMHfQNJ97XzrUeJ0FpSg', 'xc:finding:T1:1', 'xc:health',
      'xc:outbox:notice:1', 'xc:outbox:notice:2', 'xc:outbox:pending',
      'xc:rect-index2:T1:0', 'xc:rect-once:T1:vfcutCfu8hDHg53Y9xxyJENeVI_6Qq960JrD2C5qius', 'xc:rect:T1:1',
      'xc:seq:audit:T1', 'xc:seq:doc:T1', 'xc:seq:finding:T1', 'xc:seq:notice', 'xc:seq:rect:T1', 'xc:seq:team',
      'xc:team-name:第一巡察组', 'xc:team:T1', 'xc:teams',
      'xc:user-name:console:admin', 'xc:user-name:console:组员', 'xc:user-name:console:组长',
      ...['副组长', '组员', '组员二', '组长', '联络员'].map((u) => `xc:user-teams:console:${u}`),
    ]);
  });
});
