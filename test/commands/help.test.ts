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
});

describe('/help', () => {
  it('lists every command with its usage line and summary', async () => {
    await harness();
    const text = await ok('路人', '/help');
    const lines = text.split('\n');
    expect(lines[0]).toBe(zh.help.title);
    for (const c of allCommands) {
      const [usage, summary] = [usageLine(c, zh), summaryOf(c, zh)];
      const at = lines.indexOf(usage);
      expect(at, c.id).toBeGreaterThan(0);
      expect(lines[at + 1], c.id).toBe(`　${summary}`);
    }
    expect(lines.at(-1)).toBe(zh.help.more);
    // One usage line and one summary line per command, plus title and footer.
    expect(lines).toHaveLength(allCommands.length * 2 + 2);
  });

  it('works for anyone, anywhere', async () => {
    await harness();
    await withTeam(h!);
    const listing = await ok('路人', '/help');
    expect(await ok('路人', '/help', 'other')).toBe(listing);
    expect(await ok('路人', '/help', dm('路人'))).toBe(listing);
    expect(await ok('联络员', '/help')).toBe(listing);
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
  });

  it('an over-long topic is refused with the usage line', async () => {
    await harness();
    const replies = await h!.say('路人', `/help ${'x'.repeat(10_000)}`);
    expect(replies[0]?.error).toBe(true);
    expect(replies[0]?.text).toContain('用法：/help [命令]');
  });
});

describe('XC_LANG=en', () => {
  it('/help lists every command in English', async () => {
    await harness('en');
    const text = await ok('someone', '/help');
    const lines = text.split('\n');
    expect(lines[0]).toBe('xuncha commands:');
    for (const c of allCommands) {
      expect(lines).toContain(usageLine(c, en));
      expect(text).toContain(summaryOf(c, en));
    }
    expect(lines.at(-1)).toBe(en.help.more);
    expect(text).not.toContain(zh.help.title);
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
