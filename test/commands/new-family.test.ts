/**
 * A new command family needs one file in commands/ besides its messages and its test: the definition
 * below (texts and commands, as commands/<family>.ts and src/i18n/<family>.ts would hold them) is
 * registered from one line, and appears in /help, usage lines, the Slack manifest, the Telegram menu
 * and the forms, with nothing else touched.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { IDENTITIES } from '../../adapters/index.ts';
import { manifestText, MANIFEST_FILES, slackManifest } from '../../adapters/slack/manifest.ts';
import { withHelp } from '../../commands/help.ts';
import { familyCommands } from '../../commands/index.ts';
import { createBot, type Bot } from '../../src/bot.ts';
import { defineFamily, reply, type AnyCommand } from '../../src/command.ts';
import { argTexts, commandTexts } from '../../src/i18n/texts.ts';
import { unitArg } from '../../src/lookups.ts';
import { param } from '../../src/params.ts';
import { createHarness, incoming, withTeam, type Harness } from '../helpers/harness.ts';

/** A family made for the test, under any name: its messages and its commands, as their two files would hold them. */
function generatedFamily(name: string): AnyCommand[] {
  const zh = {
    summary: '请示报告',
    commands: commandTexts({ [`${name} add`]: { summary: '向领导小组请示报告', title: '请示报告' }, [`${name} list`]: { summary: '请示报告清单' } }),
    args: argTexts({ matter: { name: '事项' }, urgent: { field: '紧急' }, page: { name: '页码' } }),
    messages: { saved: (matter: string, unit: string) => `已登记请示报告：${matter}（${unit}）` },
  };
  const en: typeof zh = {
    summary: 'reports to the leading group',
    commands: { [`${name} add`]: { summary: 'report a matter upward', title: 'Report a matter' }, [`${name} list`]: { summary: 'the reports' } },
    args: { matter: { name: 'the matter', usage: 'matter' }, urgent: { field: 'Urgent' }, page: { name: 'the page', usage: 'page' } },
    messages: { saved: (matter, unit) => `Reported: ${matter} (${unit})` },
  };
  const family = defineFamily(name, { zh, en });
  return [
    family.command({
      words: ['add'],
      params: { matter: param.text(500).rest(), unit: param.unit().option(), urgent: param.flag() },
      access: { scope: 'team', roles: ['leader', 'deputy'] },
      form: ['unit', 'matter', 'urgent'],
      async run(ctx, args) {
        return reply.chat(family.texts[ctx.t.lang].messages.saved(args.matter, unitArg(ctx, args.unit)), [], {});
      },
    }),
    family.command({
      words: ['list'],
      params: { page: param.page() },
      access: { scope: 'team', roles: ['leader', 'deputy'] },
      async run() {
        return reply.chat('—', []);
      },
    }),
  ];
}

// /report is a real family now: the generated one takes a name no family has.
const memo = generatedFamily('memo');
/** The one line that registers it. */
const commands = withHelp([...familyCommands, ...memo]);

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

async function botWith(lang: 'zh' | 'en'): Promise<Bot> {
  h = await createHarness({ env: { XC_LANG: lang } });
  await withTeam(h);
  return createBot({ config: h.config, store: h.store, clock: h.clock, log: h.log, rules: h.bot.services.rules, commands, identities: IDENTITIES });
}

const say = async (bot: Bot, user: string, line: string) => (await bot.dispatch(incoming(user, line))).map((r) => r.text).join('\n');

describe('a family added in one file', () => {
  it('is in /help with its usage lines, made from its declaration, in either language', async () => {
    const zh = await botWith('zh');
    const help = await say(zh, '路人', '/help all');
    expect(help).toContain('/memo add <事项> --unit <单位> [--urgent]\n　向领导小组请示报告');
    expect(help).toContain('/memo list [--page <页码>]\n　请示报告清单');
    // The leader's own list has the family too, under its heading; a member's does not.
    expect(await say(zh, '组长', '/help')).toContain('【请示报告】\n　/memo add · list');
    expect(await say(zh, '组员', '/help')).not.toContain('/memo');
    expect(await say(zh, '路人', '/help memo add')).toBe('/memo add <事项> --unit <单位> [--urgent]\n　向领导小组请示报告\n　可用角色：组长、副组长');
    await h!.dispose();
    const en = await botWith('en');
    expect(await say(en, 'someone', '/help memo')).toContain('/memo add <matter> --unit <unit> [--urgent]\n  report a matter upward');
  });

  it('runs, and refuses as every command does: a missing argument with its usage, an undeclared option', async () => {
    const bot = await botWith('zh');
    expect(await say(bot, '组长', '/memo add 拟对镇党委书记谈话 --unit 城关镇 --urgent')).toBe('已登记请示报告：拟对镇党委书记谈话（城关镇）');
    expect(await say(bot, '组长', '/memo add --unit 城关镇')).toBe('缺少事项。请按下面的用法补上。\n用法：/memo add <事项> --unit <单位> [--urgent]');
    expect(await say(bot, '组长', '/memo add 某事 --unit 城关镇 --bogus')).toBe('不认识选项 --bogus。请对照下面的用法改正。\n用法：/memo add <事项> --unit <单位> [--urgent]');
    expect(await say(bot, '组长', '/memo')).toBe('/memo 后面要跟子命令。请按下列用法之一发送。\n/memo 的用法：\n/memo add <事项> --unit <单位> [--urgent]\n/memo list [--page <页码>]');
    expect(await say(bot, '组员', '/memo list')).toBe('需要以下角色之一：组长、副组长（你的角色：组员）。请由组长或副组长办理。');
  });

  it('has its form, fields and labels from its declaration, and a filled form runs as the typed command', async () => {
    const bot = await botWith('zh');
    const done = await bot.handle(incoming('组长', '/memo add'));
    expect(done).toEqual({
      form: {
        command: 'memo add',
        title: '请示报告',
        usage: '/memo add <事项> --unit <单位> [--urgent]',
        fields: [
          { name: 'unit', kind: 'select', label: '被巡察单位', options: [{ value: '城关镇', label: '城关镇' }, { value: '东关村', label: '东关村' }] },
          { name: 'matter', kind: 'longText', label: '事项' },
          { name: 'urgent', kind: 'flag', label: '紧急', optional: true },
        ],
      },
    });
    const [r] = await bot.submit({ platform: 'console', user: 'console:组长', userName: '组长', chat: { id: 'console:main', kind: 'group' } }, 'memo add', { unit: '东关村', matter: ' 表单填写 ', urgent: true });
    expect(r!.text).toBe('已登记请示报告：表单填写（东关村）');
  });

  it('is a slash command of the Slack manifest, which the stale check then asks to regenerate, and a line of the Telegram menu', async () => {
    for (const mode of ['http', 'socket'] as const) {
      const line = slackManifest(commands, mode).features.slash_commands.find((c) => c.command === '/memo');
      expect(line).toMatchObject({ description: '请示报告', usage_hint: 'add|list …', should_escape: true });
      expect(readFileSync(MANIFEST_FILES[mode], 'utf8')).not.toBe(manifestText(commands, mode));
    }
    expect((await botWith('en')).t.families.memo).toBe('reports to the leading group');
  });
});
