import { afterEach, describe, expect, it } from 'vitest';
import { allCommands } from '../../commands/index.ts';
import { en } from '../../src/i18n/en.ts';
import { zh } from '../../src/i18n/zh.ts';
import type { ChatRef } from '../../src/types.ts';
import { summaryOf, usageLine } from '../../src/usage.ts';
import { createHarness, dm, withTeam, type Harness } from '../helpers/harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

async function harness(lang: 'zh' | 'en' = 'zh'): Promise<Harness> {
  h = await createHarness({ env: { XC_LANG: lang } });
  return h;
}

/** A line that must succeed: one chat reply without the error flag. */
async function ok(user: string, line: string, chat?: ChatRef | string): Promise<string> {
  const replies = await h!.say(user, line, chat);
  expect(replies, line).toHaveLength(1);
  expect(replies[0]!.error, `${line} → ${replies[0]!.text}`).toBeUndefined();
  expect(replies[0]!.visibility).toBe('chat');
  return replies[0]!.text;
}

const byId = (id: string) => allCommands.find((c) => c.id === id)!;
const finding = allCommands.filter((c) => c.family === 'finding');
const others = allCommands.filter((c) => c.family !== 'finding');
const UNBOUND: ChatRef = { id: 'console:people', kind: 'unbound' };

/**
 * The standard team, fed back on 2026-11-10 (so that a supervisor works and the office may sign off), with
 * a supervisor 监督 and a task owned by 外部责任人, who is on no team.
 */
async function fedBackTeam(): Promise<Harness> {
  await harness();
  await withTeam(h!);
  for (const [user, line] of [
    ['admin', '/team add 监督 监督 --org 纪委监委'],
    ['admin', '/team period 2026-09-01 2026-10-31 --feedback 2026-11-10'],
    ['组员', '/finding add 村务公开不及时 --unit 城关镇 --cat 作风'],
    ['组长', '/rectify add F-1 按月公开村务 --owner 外部责任人 --due 12-31'],
  ] as const) {
    const [r] = await h!.say(user, line);
    expect(r?.error, `${line} → ${r?.text}`).toBeUndefined();
  }
  return h!;
}

/** The commands /help lists, by the words typed: `/finding add · list` names `finding add` and `finding list`. */
function listed(text: string): Set<string> {
  const ids = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^　\/(\S+)(.*)$/.exec(line);
    if (!m) continue;
    const [family, rest] = [m[1]!, m[2]!];
    const parts = rest.split(' · ').map((p) => p.trim());
    for (const words of parts) ids.add(words ? `${family} ${words}` : family);
  }
  return ids;
}

describe('the catalogs', () => {
  it('every command has a usage line and a summary in Chinese and in English', () => {
    expect(allCommands.length).toBeGreaterThan(10);
    for (const c of allCommands) {
      for (const catalog of [zh, en]) {
        const usage = usageLine(c, catalog);
        expect(summaryOf(c, catalog).trim(), c.id).not.toBe('');
        // The usage starts with the command as it is typed: family, then its subcommand words.
        const typed = `/${[c.family, ...c.words].join(' ')}`;
        expect(usage === typed || usage.startsWith(`${typed} `), `${c.id}: ${usage}`).toBe(true);
      }
    }
  });

  it('command ids are unique and name family and words', () => {
    expect(new Set(allCommands.map((c) => c.id)).size).toBe(allCommands.length);
    for (const c of allCommands) expect(c.id).toBe([c.family, ...c.words].join(' '));
  });

  it('no summary restates who may run the command: that is the roles column, made from the access rule', () => {
    for (const c of allCommands) {
      expect(summaryOf(c, zh), c.id).not.toMatch(/（(巡察办|组长|副组长|组员|经办人|责任人)[、，；）]/);
      expect(summaryOf(c, en), c.id).not.toMatch(/\((office admin|leader|deputy|member|author|owner)[,;)]/);
    }
  });
});

describe('/help: the commands of the asker’s role, where they are', () => {
  /** What each role sees in the team's group chat, as /help lists it. */
  const expected: Record<string, { title: string; has: string[]; lacks: string[] }> = {
    组长: { title: '（组长）', has: ['team add', 'finding confirm', 'finding handover', 'rectify verify', 'digest time', 'audit'], lacks: ['overview', 'report answer'] },
    副组长: { title: '（副组长）', has: ['finding review', 'rectify add', 'export', 'report add'], lacks: ['finding confirm', 'rectify verify', 'team add', 'digest time', 'audit'] },
    组员: { title: '（组员）', has: ['finding add', 'finding edit', 'docs request', 'rectify done', 'recusal declare'], lacks: ['finding review', 'rectify add', 'export', 'secrecy status', 'report list'] },
    联络员: { title: '（联络员）', has: ['team', 'docs list', 'docs provided', 'rectify list', 'rectify done'], lacks: ['finding list', 'finding show', 'stats', 'docs request', 'secrecy ack', 'digest'] },
    监督: { title: '（监督）', has: ['finding show', 'rectify list', 'rectify followup', 'digest'], lacks: ['finding list', 'rectify done', 'rectify progress', 'docs list', 'stats'] },
    admin: { title: '（巡察办）', has: ['overview', 'team create', 'team add', 'report answer', 'rectify verify', 'finding result'], lacks: ['finding add', 'rectify add', 'secrecy ack', 'digest time'] },
    外部责任人: { title: '（整改责任人）', has: ['rectify list', 'rectify show', 'rectify progress', 'rectify done'], lacks: ['team', 'finding list', 'docs list', 'digest'] },
    路人: { title: '：', has: ['secrecy', 'rule', 'rule show'], lacks: ['team', 'finding list', 'rectify list'] },
  };

  it('for each role, lists what that role may use, grouped under a heading per family, short enough for a phone', async () => {
    await fedBackTeam();
    for (const [user, want] of Object.entries(expected)) {
      const text = await ok(user, '/help');
      const lines = text.split('\n');
      expect(lines[0], user).toBe(`巡察助手 · 你在这里可用的命令${want.title === '：' ? '：' : `${want.title}：`}`);
      const ids = listed(text);
      for (const id of want.has) expect(ids.has(id), `${user} sees ${id}:\n${text}`).toBe(true);
      for (const id of want.lacks) expect(ids.has(id), `${user} does not see ${id}:\n${text}`).toBe(false);
      // Each family under its heading; /help itself is the footer, not a family.
      expect(lines.filter((l) => /^【.+】$/.test(l)).length, user).toBe(lines.filter((l) => l.startsWith('　/')).length);
      expect(ids.has('help'), user).toBe(false);
      expect(lines.at(-1)).toMatch(/^发送 \/help <命令> 查看完整用法，例如 \/help \w+；\/help all 查看全部命令。$/);
      expect(lines.length, `${user}: ${lines.length} lines`).toBeLessThanOrEqual(30);
      expect(text.length, user).toBeLessThan(1500);
    }
  });

  it('someone on no team is told why the list is short, in words that fit where they ask', async () => {
    await fedBackTeam();
    expect(await ok('路人', '/help')).toContain(zh.help.noRole.team);
    expect(await ok('路人', '/help', dm('路人'))).toContain(zh.help.noRole.dm);
    expect(await ok('路人', '/help', 'other')).toContain(zh.help.noRole.group);
    expect(await ok('admin', '/help', UNBOUND)).toContain(zh.help.noRole.unbound);
    expect(await ok('组长', '/help')).not.toMatch(/不是本组成员|还不是/);
  });

  it('an office admin who leads a team sees both roles, still within thirty lines', async () => {
    await fedBackTeam();
    await h!.say('admin', '/team add admin 组长');
    const text = await ok('admin', '/help');
    expect(text.split('\n')[0]).toBe('巡察助手 · 你在这里可用的命令（巡察办、组长）：');
    const ids = listed(text);
    for (const id of ['overview', 'finding confirm', 'digest time', 'report answer']) expect(ids.has(id), id).toBe(true);
    expect(text.split('\n').length).toBeLessThanOrEqual(30);
  });

  /**
   * A line per command that passes or fails on its record, never on who asks: so a refusal of the role, or
   * of the chat, is the door's. Records named here (F-99, R-99 …) do not exist.
   */
  const SAMPLE: Record<string, string> = {
    help: '/help', team: '/team', 'team create': '/team create 第一巡察组', 'team bind': '/team bind 没有这个组',
    'team add': '/team add 某人 无此角色', 'team remove': '/team remove 不在组里的人', 'team unit add': '/team unit add 城关镇',
    'team period': '/team period 2026-12-31 2026-01-01', 'team received': '/team received 无此材料',
    'finding add': '/finding add 某问题 --unit 无此单位 --cat 作风', 'finding list': '/finding list', 'finding show': '/finding show F-99',
    'finding edit': '/finding edit F-99 --text 改', 'finding review': '/finding review F-99', 'finding confirm': '/finding confirm F-99',
    'finding clue': '/finding clue F-99', 'finding handover': '/finding handover F-99 --to 单位', 'finding receipt': '/finding receipt F-99 --by 某人',
    'finding result': '/finding result F-99 初步核实', 'rectify add': '/rectify add F-99 措施 --owner 组员 --due 12-31', 'rectify list': '/rectify list',
    'rectify show': '/rectify show R-99', 'rectify progress': '/rectify progress R-99 进展', 'rectify done': '/rectify done R-99 公开栏已更新，附照片三张',
    'rectify verify': '/rectify verify R-99', 'rectify reopen': '/rectify reopen R-99 理由', 'rectify extend': '/rectify extend R-99 --due 12-31 --reason 理由',
    'rectify followup': '/rectify followup R-99 --result 巩固', 'docs request': '/docs request 会议记录 --unit 无此单位 --due 12-31', 'docs list': '/docs list',
    'docs show': '/docs show D-99', 'docs provided': '/docs provided D-99', 'docs returned': '/docs returned D-99', secrecy: '/secrecy',
    'secrecy ack': '/secrecy ack', 'secrecy status': '/secrecy status', digest: '/digest', 'digest time': '/digest time 25:99',
    'digest off': '/digest off', 'digest on': '/digest on', 'digest chart': '/digest chart 周三', rule: '/rule 保密', 'rule show': '/rule show BM-01', export: '/export', stats: '/stats',
    audit: '/audit', 'report add': '/report add 某事项 --finding F-99', 'report list': '/report list', 'report show': '/report show M-99',
    'report answer': '/report answer M-99 同意', 'recusal ack': '/recusal ack', 'recusal declare': '/recusal declare 亲属任职 --unit 无此单位',
    'recusal status': '/recusal status', overview: '/overview',
  };
  /** The door's refusals: of the role, of the office's commands, of the chat. */
  const DOOR = [/^需要以下角色之一/, /^只有巡察办可以使用/, zh.errors.officeOnly, zh.errors.groupOnly, zh.errors.notBound, zh.errors.noTeamInDm, zh.errors.unboundChat];
  const refusedAtDoor = (text: string) => DOOR.some((d) => (typeof d === 'string' ? text === d : d.test(text)));

  it('has a sample line for every command (a new command adds one)', () => {
    expect(Object.keys(SAMPLE).sort()).toEqual(allCommands.map((c) => c.id).sort());
  });

  it('lists a command exactly when the dispatcher lets the asker run it there, for every role and kind of chat', async () => {
    await fedBackTeam();
    const where: Array<[string, ChatRef | string | undefined]> = [['the team', undefined], ['a DM', 'dm'], ['another group', 'other'], ['a chat between people', UNBOUND]];
    for (const user of Object.keys(expected)) {
      for (const [name, chat] of where) {
        const place = chat === 'dm' ? dm(user) : chat;
        const shown = listed(await ok(user, '/help', place));
        for (const c of allCommands.filter((c) => c.id !== 'help')) {
          const [r] = await h!.say(user, SAMPLE[c.id]!, place);
          expect(refusedAtDoor(r!.text), `${user} in ${name}: ${SAMPLE[c.id]} → ${r!.text}; listed: ${shown.has(c.id)}`).toBe(!shown.has(c.id));
        }
      }
    }
  }, 120_000);
});

describe('/help all', () => {
  it('lists every command, family by family, with its usage line and summary', async () => {
    await harness();
    const text = await ok('路人', '/help all');
    const lines = text.split('\n');
    expect(lines[0]).toBe(zh.help.allTitle);
    for (const c of allCommands) {
      const at = lines.indexOf(usageLine(c, zh));
      expect(at, c.id).toBeGreaterThan(0);
      expect(lines[at + 1], c.id).toBe(`　${summaryOf(c, zh)}`);
    }
    const families = new Set(allCommands.map((c) => c.family));
    expect(lines.filter((l) => /^【.+】$/.test(l))).toHaveLength(families.size);
    expect(lines).toHaveLength(1 + families.size + allCommands.length * 2);
    expect(await ok('路人', '/help 全部')).toBe(text);
    expect(await ok('路人', '/help ALL')).toBe(text);
  });
});

describe('/help <command>', () => {
  it('/help finding lists only the finding commands, each with its roles', async () => {
    await harness();
    const text = await ok('路人', '/help finding');
    const blocks = text.split('\n\n');
    expect(blocks).toHaveLength(finding.length);
    finding.forEach((c, i) => {
      const lines = blocks[i]!.split('\n');
      expect(lines[0]).toBe(usageLine(c, zh));
      expect(lines[1]).toBe(`　${summaryOf(c, zh)}`);
      expect(lines[2]).toMatch(/^　可用角色：/);
    });
    for (const c of others) expect(text).not.toContain(usageLine(c, zh));
  });

  it('/help finding add shows one command and who may run it', async () => {
    await harness();
    const text = await ok('路人', '/help finding add');
    expect(text).toBe(`${usageLine(byId('finding add'), zh)}\n　${summaryOf(byId('finding add'), zh)}\n　可用角色：组长、副组长、组员`);
  });

  it('names a relation to the record as the role: the task’s owner reports it done, the author edits the finding', async () => {
    await harness();
    expect(await ok('路人', '/help rectify done')).toMatch(/\n　可用角色：整改责任人$/);
    expect(await ok('路人', '/help rectify progress')).toMatch(/\n　可用角色：组长、副组长、组员、整改责任人$/);
    expect(await ok('路人', '/help finding edit')).toMatch(/\n　可用角色：经办人、组长、副组长$/);
  });

  it('/help /team (with the slash) lists the team commands and their roles', async () => {
    await harness();
    const text = await ok('路人', '/help /team');
    const team = allCommands.filter((c) => c.family === 'team');
    expect(text.split('\n\n')).toHaveLength(team.length);
    for (const c of team) expect(text).toContain(usageLine(c, zh));
    expect(text).not.toContain('/finding');
    expect(text).toContain(`${summaryOf(byId('team create'), zh)}\n　可用角色：巡察办`);
    expect(text).toContain(`${summaryOf(byId('team add'), zh)}\n　可用角色：巡察办、组长`);
    expect(await ok('路人', '/help TEAM ADD')).toBe(`${usageLine(byId('team add'), zh)}\n　${summaryOf(byId('team add'), zh)}\n　可用角色：巡察办、组长`);
  });

  it('a command anyone may use says so', async () => {
    await harness();
    expect(await ok('路人', '/help rule show')).toContain('可用角色：所有人');
  });

  it('an unknown topic is a clear error', async () => {
    await harness();
    for (const topic of ['foo', 'team foo', 'finding add extra']) {
      const replies = await h!.say('路人', `/help ${topic}`);
      expect(replies).toHaveLength(1);
      expect(replies[0]).toEqual({ text: `没有「${topic}」这个命令。发送 /help 查看全部命令。`, visibility: 'asker', error: true, quotes: [] });
    }
    // One letter off a family: the family is suggested.
    expect(await h!.say('路人', '/help fidning')).toEqual([{ text: '没有「fidning」这个命令。你是不是想看 /help finding？', visibility: 'asker', error: true, quotes: [] }]);
    expect(await h!.say('路人', '/help /rectfy')).toEqual([{ text: '没有「/rectfy」这个命令。你是不是想看 /help rectify？', visibility: 'asker', error: true, quotes: [] }]);
  });

  it('an over-long topic is refused with the usage line', async () => {
    await harness();
    const replies = await h!.say('路人', `/help ${'x'.repeat(10_000)}`);
    expect(replies[0]?.error).toBe(true);
    expect(replies[0]?.text).toContain('用法：/help [命令]');
  });
});

describe('XC_LANG=en', () => {
  it('/help lists the role’s commands in English, /help all every command', async () => {
    await harness('en');
    await withTeam(h!);
    const text = await ok('组员', '/help');
    const lines = text.split('\n');
    expect(lines[0]).toBe('xuncha · commands you can use here (member):');
    expect(lines).toContain('[findings and problem clues]');
    expect(lines).toContain('  /finding add · list · show · edit');
    expect(lines.at(-1)).toBe('Send /help <command> for the full usage, e.g. /help finding; /help all for every command.');
    expect(text).not.toMatch(/[巡察命令]/);
    const all = await ok('someone', '/help all');
    for (const c of allCommands) {
      expect(all.split('\n')).toContain(usageLine(c, en));
      expect(all).toContain(summaryOf(c, en));
    }
  });

  it('/help team add names the roles in English', async () => {
    await harness('en');
    expect(await ok('someone', '/help team add')).toBe(
      `${usageLine(byId('team add'), en)}\n  ${summaryOf(byId('team add'), en)}\n  Who: office admin, leader`,
    );
    const replies = await h!.say('someone', '/help foo');
    expect(replies[0]).toEqual({ text: 'There is no command “foo”. Send /help for the list.', visibility: 'asker', error: true, quotes: [] });
  });
});
