import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InputFile } from 'grammy';
import type { Update } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createHttpServer } from '../../adapters/http.ts';
import { MESSAGE_MAX, toMessages } from '../../adapters/telegram/format.ts';
import { createDigestJob } from '../../src/digest.ts';
import type { Finding } from '../../src/finding.ts';
import type { Rectification } from '../../src/rectification.ts';
import type { Team } from '../../src/team.ts';
import {
  BOT_INFO, createTelegramHarness, GROUP_ID, htmlToText, OTHER_GROUP_ID, TG_ERRORS, TG_USERS, telegramFixture, withTelegramTeam,
  type TelegramHarness, type TgChatRef, type TgDelivery, type TgUserRef,
} from '../helpers/telegram-harness.ts';

const TEAM_NAME = '第一巡察组';
const { admin, leader, member } = TG_USERS;

let t: TelegramHarness;
afterEach(async () => {
  await t?.close();
});

/** `user` types `text` in `chat`; returns what reached Telegram because of it. */
async function run(user: TgUserRef, chat: TgChatRef, text: string): Promise<TgDelivery[]> {
  const since = t.calls.length;
  await t.send(user, chat, text);
  return t.deliveries(since);
}

/** `user` presses the button carrying `data` (on the bot's last message in `chat` with it). */
async function tap(user: TgUserRef, chat: TgChatRef, data: string, messageId?: number): Promise<TgDelivery[]> {
  const since = t.calls.length;
  await t.press(user, chat, data, messageId);
  return t.deliveries(since);
}

/** The one message a line got, which must go to `chatId`. */
async function one(user: TgUserRef, chat: TgChatRef, text: string, chatId = t.chatId(user, chat)): Promise<TgDelivery> {
  const out = await run(user, chat, text);
  expect(out.map((d) => [d.chatId, htmlToText(d.text).slice(0, 80)]), text).toHaveLength(1);
  expect(out[0]!.chatId, text).toBe(chatId);
  return out[0]!;
}

const plain = (d: TgDelivery | undefined) => htmlToText(d?.text ?? '');
const inChat = (out: TgDelivery[], chatId: number) => out.filter((d) => d.chatId === chatId);

async function team(): Promise<Team> {
  const found = await t.h.bot.services.teams.byChat(`telegram:${GROUP_ID}`);
  expect(found).toBeDefined();
  return found!;
}
async function findings(): Promise<Finding[]> {
  return t.h.bot.services.findings.list((await team()).id);
}
async function tasks(): Promise<Rectification[]> {
  return t.h.bot.services.rectifications.list((await team()).id);
}

/** The button labelled `label` on the bot's last message in `chatId` that has one. */
function button(label: string, chatId: number): { data: string; messageId: number } {
  const withIt = t.deliveries().filter((d) => d.chatId === chatId && d.keyboard?.some((b) => b.text === label));
  const d = withIt.at(-1);
  const b = d?.keyboard?.find((x) => x.text === label);
  if (!d || !b?.data) throw new Error(`no button ${label} in chat ${chatId}: ${JSON.stringify(t.deliveries().slice(-3))}`);
  return { data: b.data, messageId: d.messageId };
}

/** Press the button labelled `label` on the bot's last message in the chat. */
async function choose(user: TgUserRef, chat: TgChatRef, label: string): Promise<TgDelivery[]> {
  const b = button(label, t.chatId(user, chat));
  return tap(user, chat, b.data, b.messageId);
}

/** Every message holds well-formed Telegram HTML: only <b> tags, balanced, and whole entities. */
function expectWellFormed(html: string): void {
  expect(html.length).toBeLessThanOrEqual(MESSAGE_MAX);
  const tags = html.match(/<[^>]*>/g) ?? [];
  for (const tag of tags) expect(['<b>', '</b>']).toContain(tag);
  expect(tags.filter((x) => x === '<b>').length).toBe(tags.filter((x) => x === '</b>').length);
  const rest = html.replace(/<\/?b>/g, '');
  expect(rest).not.toMatch(/[<>]/);
  expect(rest.replace(/&(lt|gt|amp|quot);/g, '')).not.toContain('&');
}

describe('Telegram: commands in groups and private chats', () => {
  beforeEach(async () => {
    t = await createTelegramHarness();
    await withTelegramTeam(t);
  });

  it('answers /command@xuncha_bot in the supergroup (the real update from the fixture)', async () => {
    const update = telegramFixture('group-command');
    expect(update.message!.text).toBe('/finding@xuncha_bot list');
    const since = t.calls.length;
    await t.handle(update);
    const out = t.deliveries(since);
    expect(out).toHaveLength(1);
    expect(out[0]!.chatId).toBe(GROUP_ID);
    expect(plain(out[0])).toMatch(/^问题清单：共 0 条/);
    expect(t.calls[since]!.payload).toMatchObject({ chat_id: GROUP_ID, parse_mode: 'HTML' });
  });

  it('answers the plain /command form in the group and in a private chat', async () => {
    const inGroup = await one('member', 'group', '/team');
    expect(plain(inGroup)).toMatch(new RegExp(`^巡察组「${TEAM_NAME}」`));
    // Everyone who wrote is shown by name, not by a numeric id.
    expect(plain(inGroup)).toContain(`组长：${leader.first_name}`);
    expect(plain(inGroup)).toContain(`组员：${member.first_name}`);
    expect(plain(inGroup)).toContain('联络员：赵敏（城关镇）');

    // In a private chat: the asker's one team, answered in that chat.
    const inDm = await one('member', 'dm', '/team');
    expect(inDm.chatId).toBe(member.id);
    expect(plain(inDm)).toBe(plain(inGroup));

    // The private-chat fixture: /help from the member.
    const since = t.calls.length;
    await t.handle(telegramFixture('private-command'));
    const help = t.deliveries(since);
    // The member's own commands, to the asker.
    expect(help.length).toBeGreaterThan(0);
    expect(help.every((d) => d.chatId === member.id)).toBe(true);
    expect(plain(help[0])).toMatch(/^巡察助手 · 你在这里可用的命令（组员）：/);
  });

  it('runs the commands of every family in a private chat', async () => {
    // Typed in the group, whose roster includes the liaison (who may not read a finding): answered privately.
    await one('member', 'group', '/finding add 公车私用 --unit 城关镇 --cat 作风', member.id);
    const lines: Array<[string, string]> = [
      ['/finding list', '问题清单：共 1 条'],
      ['/finding show F-1', 'F-1［草稿］'],
      ['/rectify list', '整改任务：共 0 项'],
      ['/docs list', '调阅材料：共 0 件'],
      ['/secrecy', '保密提醒（2026-11-25）'],
      ['/digest', `【每日提醒】巡察组「${TEAM_NAME}」`],
      ['/rule 保密', '与「保密」相关的规定：'],
      ['/help finding', '/finding'],
    ];
    for (const [line, starts] of lines) {
      const d = await one('member', 'dm', line);
      expect(plain(d).startsWith(starts), `${line} → ${plain(d)}`).toBe(true);
    }
    // /stats: its figures, then their chart as a photo.
    const stats = await run('member', 'dm', '/stats');
    expect(stats.map((d) => [d.chatId, d.photo ?? false])).toEqual([[member.id, false], [member.id, true]]);
    expect(plain(stats[0]).startsWith(`「${TEAM_NAME}」统计`), plain(stats[0])).toBe(true);
  });

  it('reads the arguments after the command whatever the space, a full-width one too', async () => {
    // Both answers quote a finding the group's liaison may not read: they go to the asker privately.
    const saved = await one('member', 'group', '/finding\u3000add\u3000公车私用　--unit 城关镇 --cat 作风', member.id);
    expect(plain(saved)).toBe('已保存 F-1（草稿）：城关镇 · 作风建设 · 一般');
    const listed = await one('member', 'group', '/finding@xuncha_bot\u3000list', member.id);
    expect(plain(listed)).toMatch(/^问题清单：共 1 条/);
    expect((await findings()).map((f) => f.text)).toEqual(['公车私用']);
  });

  it('ignores a command addressed to another bot', async () => {
    const since = t.calls.length;
    await t.send('leader', 'group', '/finding@other_bot list');
    await t.send('member', 'group', '/finding@other_bot add 公车私用 --unit 城关镇 --cat 作风');
    expect(t.calls.slice(since)).toEqual([]);
    expect(await findings()).toEqual([]);
  });

  it('processes a repeated update once: the store is unchanged the second time', async () => {
    const update = t.build('member', 'group', '/finding add 公车私用 --unit 城关镇 --cat 作风');
    const since = t.calls.length;
    await t.handle(update);
    expect(t.deliveries(since)).toHaveLength(1);
    const after = await findings();
    expect(after.map((f) => f.n)).toEqual([1]);
    const again = t.calls.length;
    await t.handle(structuredClone(update));
    expect(t.calls.slice(again)).toEqual([]);
    expect(await findings()).toEqual(after);
  });

  it('escapes user text in HTML: a typed <b> arrives as text', async () => {
    // A finding's text is never shown in a group whose liaison may not read it: the escaping is that of
    // the private message to the asker (`one` checks it is the only delivery).
    const saved = await one('member', 'group', '/finding add 食堂<b>超标</b> & <i>茶叶</i> --unit 城关镇 --cat 作风', member.id);
    expect(plain(saved)).toMatch(/^已保存 F-1/);
    const shown = await one('member', 'group', '/finding show F-1', member.id);
    expect(shown.text).toContain('\n食堂&lt;b&gt;超标&lt;/b&gt; &amp; &lt;i&gt;茶叶&lt;/i&gt;\n');
    expect(plain(shown)).toContain('食堂<b>超标</b> & <i>茶叶</i>');
    expectWellFormed(shown.text);
    // Only the title line is bold: the bot's own tag, never the user's.
    expect(shown.text.match(/<b>/g)).toHaveLength(1);
  });

  it('splits a reply of over 5,000 characters at line ends into well-formed messages of ≤ 4,096', async () => {
    // Each line stays under the limit once escaped (every < becomes &lt;); together well over 5,000.
    const body = (c: string) => `${c}<`.repeat(300);
    // Asked in the group, the finding is answered privately (the group's liaison may not read it): the
    // long reply is split for the asker's private chat, and no part of it reaches the group.
    await one('member', 'group', `/finding add ${body('甲')} --unit 城关镇 --cat 作风`, member.id);
    for (const c of ['乙', '丙', '丁', '戊']) await one('member', 'group', `/finding edit F-1 --text ${body(c)}`, member.id);
    const out = await run('member', 'group', '/finding show F-1');
    expect(out.length).toBeGreaterThan(1);
    const expected = await t.h.bot.dispatch({
      platform: 'telegram', user: `telegram:${member.id}`, chat: { id: `telegram:${GROUP_ID}`, kind: 'group' }, command: 'finding', text: 'show F-1',
    });
    expect(expected[0]!.text.length).toBeGreaterThan(5000);
    for (const d of out) {
      expect(d.chatId).toBe(member.id);
      expectWellFormed(d.text);
    }
    // Joined at line ends they give the whole reply: nothing lost, no line broken in two.
    expect(out.map((d) => htmlToText(d.text)).join('\n')).toBe(expected[0]!.text);
    expect(out.every((d) => d.text.startsWith('<b>') || !d.text.includes('</b>'))).toBe(true);
  });

  it('cuts a single line longer than the limit without breaking an entity', () => {
    const messages = toMessages(`标题\n${'<&>'.repeat(2000)}`);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expectWellFormed(m);
    expect(messages.map(htmlToText).join('')).toBe(`标题${'<&>'.repeat(2000)}`);
  });
});

describe('Telegram: where private answers go', () => {
  const clue = '某局长亲属违规承揽工程线索';

  beforeEach(async () => {
    t = await createTelegramHarness();
    await withTelegramTeam(t);
    // Saved privately: the group's liaison may never read a finding.
    await one('leader', 'group', `/finding add ${clue} --unit 城关镇 --cat 作风`, leader.id);
  });

  it('sends a clue asked for in the group to the asker privately, never to the group', async () => {
    const flagged = await run('leader', 'group', '/finding clue F-1');
    expect(flagged.map((d) => d.chatId)).toEqual([leader.id]);
    expect(plain(flagged[0])).toMatch(/^已将 F-1 标记为问题线索/);

    const shown = await run('leader', 'group', '/finding show F-1');
    expect(shown.map((d) => d.chatId)).toEqual([leader.id]);
    expect(plain(shown[0])).toContain(clue);

    // A member may not read it: refused privately, without the clue.
    const refused = await run('member', 'group', '/finding show F-1');
    expect(refused.map((d) => d.chatId)).toEqual([member.id]);
    expect(plain(refused[0])).toContain('组长');
    expect(plain(refused[0])).not.toContain(clue);

    await one('leader', 'group', '/finding list');
    for (const d of t.deliveries()) if (d.chatId === GROUP_ID) expect(plain(d)).not.toContain(clue);
  });

  it('gives the group only a note with a deep link when the asker never opened a private chat', async () => {
    await run('leader', 'group', '/finding clue F-1');
    t.failNext('sendMessage', TG_ERRORS.cannotInitiate, leader.id);
    const since = t.calls.length;
    await t.send('leader', 'group', '/finding show F-1');
    const tried = t.calls.slice(since);
    expect(tried[0]).toMatchObject({ method: 'sendMessage', payload: { chat_id: leader.id }, failed: { error_code: 403 } });
    const out = t.deliveries(since);
    expect(out).toHaveLength(1);
    expect(out[0]!.chatId).toBe(GROUP_ID);
    expect(plain(out[0])).toContain(leader.first_name);
    expect(plain(out[0])).not.toContain(clue);
    expect(plain(out[0])).not.toContain('F-1');
    expect(out[0]!.keyboard).toEqual([{ text: '打开私聊', url: expect.stringMatching(/^https:\/\/t\.me\/xuncha_bot\?start=\S+$/) }]);
  });

  it('sends /export as a document to the leader privately; with no private chat, only the note', async () => {
    const out = await run('leader', 'group', '/export');
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ chatId: leader.id, file: 'xuncha-第一巡察组-20261125-090000.xlsx' });
    expect(plain(out[0])).toMatch(/^「第一巡察组」三张清单已导出/);
    const call = t.calls.find((c) => c.method === 'sendDocument')!;
    expect(call.payload).toMatchObject({ chat_id: leader.id, parse_mode: 'HTML' });
    const doc = call.payload.document as InputFile;
    expect(doc).toBeInstanceOf(InputFile);
    const bytes = (await doc.toRaw()) as Uint8Array;
    expect(Buffer.from(bytes.subarray(0, 2)).toString()).toBe('PK'); // an .xlsx is a zip

    t.failNext('sendDocument', TG_ERRORS.cannotInitiate, leader.id);
    const refused = await run('leader', 'group', '/export');
    expect(refused.map((d) => [d.chatId, d.file])).toEqual([[GROUP_ID, undefined]]);
    expect(refused[0]!.keyboard?.[0]?.url).toMatch(/^https:\/\/t\.me\/xuncha_bot\?start=/);
  });
});

describe('Telegram: inline keyboards', () => {
  beforeEach(async () => {
    t = await createTelegramHarness();
    await withTelegramTeam(t);
  });

  it('runs a button as the one who pressed it: a member is refused privately, the leader reviews', async () => {
    // One group message whose buttons two people press: that needs the saved finding in the group, which
    // a group whose roster includes the liaison (who may never read a finding) does not get. Without her
    // on the roster the group may read it.
    await one('admin', 'group', '/team remove @zhaomin');
    const saved = await one('member', 'group', '/finding add 公车私用 --unit 城关镇 --cat 作风');
    expect(saved.keyboard).toEqual([
      { text: '复核', data: '/finding review F-1' },
      { text: '查看', data: '/finding show F-1' },
    ]);

    const since = t.calls.length;
    const refused = await tap('member', 'group', '/finding review F-1', saved.messageId);
    expect(t.calls.slice(since).map((c) => c.method)).toEqual(['answerCallbackQuery', 'sendMessage']);
    expect(refused.map((d) => d.chatId)).toEqual([member.id]);
    expect(plain(refused[0])).toContain('组长');
    expect((await findings())[0]!.state).toBe('draft');

    const reviewed = await tap('leader', 'group', '/finding review F-1', saved.messageId);
    expect(reviewed.map((d) => [d.chatId, plain(d)])).toEqual([[GROUP_ID, '已复核 F-1：待组长审签。']]);
    expect((await findings())[0]!.state).toBe('reviewed');
  });

  it('answers the callback-query fixture (the leader pressing 复核 on a group message)', async () => {
    // Saved privately (the group's liaison may not read a finding); its review names only F-1, which
    // she may see: it goes to the group.
    const saved = await one('member', 'group', '/finding add 公车私用 --unit 城关镇 --cat 作风', member.id);
    expect(saved.keyboard?.map((b) => b.data)).toEqual(['/finding review F-1', '/finding show F-1']);
    const update = telegramFixture('callback-query');
    const since = t.calls.length;
    await t.handle(update);
    expect(t.calls[since]).toMatchObject({ method: 'answerCallbackQuery', payload: { callback_query_id: update.callback_query!.id } });
    expect(t.deliveries(since).map((d) => [d.chatId, plain(d)])).toEqual([[GROUP_ID, '已复核 F-1：待组长审签。']]);
  });
});

describe('Telegram: step-by-step dialogues', () => {
  /** The note a group gets when a form asked for there is filled in the asker's private chat. */
  const note = (who: TgUserRef, title: string) => `${t.user(who).first_name}，「${title}」请在与我的私聊中填写。`;

  beforeEach(async () => {
    t = await createTelegramHarness();
    await withTelegramTeam(t);
  });

  it('asks for a typed answer with a ForceReply in the asker\'s private chat', async () => {
    await run('member', 'group', '/finding add');
    await choose('member', 'dm', '东关村');
    const since = t.calls.length;
    await choose('member', 'dm', '作风建设');
    const asks = t.calls.slice(since).filter((c) => c.method === 'sendMessage');
    expect(asks.map((c) => c.payload.chat_id)).toEqual([member.id]);
    const ask = asks[0]!;
    // A private chat: no `selective`, no mention of the asker.
    expect(ask.payload.reply_markup).toMatchObject({ force_reply: true });
    expect(ask.payload.reply_markup).not.toHaveProperty('selective');
    expect(String(ask.payload.text)).not.toContain('tg://user');
    expect(String(ask.payload.text)).toContain('（3/5）');
    expect(String(ask.payload.text)).toContain('/cancel');
  });

  it('takes a command typed during a dialogue as a command, not as the answer', async () => {
    await run('member', 'group', '/finding add');
    await choose('member', 'dm', '东关村');
    await choose('member', 'dm', '作风建设');
    const rule = await run('member', 'dm', '/rule@xuncha_bot 宴请');
    expect(rule.map((d) => d.chatId)).toEqual([member.id]);
    expect(plain(rule[0])).toMatch(/^与「宴请」相关的规定/);
    expect(await findings()).toEqual([]);
    // Nor is a line typed in the group, where the form was asked for: it is answered in the private chat.
    expect(await run('member', 'group', '群里的闲聊')).toEqual([]);
    const done = await run('member', 'dm', '真正的问题描述');
    expect(done.map((d) => d.chatId)).toEqual([member.id]);
    expect(plain(done[0])).toContain('（4/5）');
  });

  it('/finding add without arguments asks step by step with buttons, in the private chat, and saves the finding', async () => {
    const unit = await run('member', 'group', '/finding add');
    // The questions and their buttons go to the asker's private chat; the group gets one short note.
    expect(unit.map((d) => d.chatId)).toEqual([member.id, GROUP_ID]);
    expect(plain(unit[0])).toContain('登记问题（1/5）');
    expect(unit[0]!.keyboard?.map((b) => b.text)).toEqual(['城关镇', '东关村', '取消']);
    expect(plain(unit[1])).toBe(note('member', '登记问题'));
    expect(unit[1]!.keyboard).toBeUndefined();

    const cat = await choose('member', 'dm', '东关村');
    expect(cat.map((d) => d.chatId)).toEqual([member.id]);
    expect(plain(cat[0])).toContain('（2/5）');
    expect(cat[0]!.keyboard?.map((b) => b.text)).toContain('作风建设');

    const text = await choose('member', 'dm', '作风建设');
    expect(plain(text[0])).toContain('（3/5）');
    // The answer is typed as a reply to the bot's question, in the private chat.
    const source = await run('member', 'dm', '食堂<超标准>采购茶叶');
    expect(source.map((d) => d.chatId)).toEqual([member.id]);
    expect(plain(source[0])).toContain('（4/5）');
    expect(source[0]!.keyboard?.map((b) => b.text)).toContain('跳过');

    const severity = await choose('member', 'dm', '跳过');
    expect(plain(severity[0])).toContain('（5/5）');
    // The filled form runs as typed in the group: the group's liaison may not read a finding, so the
    // reply goes to the asker privately.
    const done = await choose('member', 'dm', '较重');
    expect(done.map((d) => [d.chatId, plain(d)])).toEqual([[member.id, '已保存 F-1（草稿）：东关村 · 作风建设 · 较重']]);

    const [f] = await findings();
    expect(f).toMatchObject({ n: 1, text: '食堂<超标准>采购茶叶', unit: '东关村', category: '作风建设', source: '其他', severity: '较重', author: `telegram:${member.id}` });
    // The group saw the note alone: no question, no button, not the finding's text.
    const group = t.deliveries().filter((d) => d.chatId === GROUP_ID && d.messageId > unit[0]!.messageId);
    expect(group.map(plain)).toEqual([note('member', '登记问题')]);
    // The dialogue is over: more text in the private chat is not taken as an answer.
    expect(await run('member', 'dm', '谢谢')).toEqual([]);
  });

  it('a dialogue in a private chat completes too', async () => {
    const first = await run('member', 'dm', '/finding add');
    // No note: it is asked for where it is filled.
    expect(first.map((d) => d.chatId)).toEqual([member.id]);
    await choose('member', 'dm', '城关镇');
    await choose('member', 'dm', '纪律建设');
    await run('member', 'dm', '违规发放津贴');
    await choose('member', 'dm', '跳过');
    const done = await choose('member', 'dm', '跳过');
    expect(done.map((d) => [d.chatId, plain(d)])).toEqual([[member.id, '已保存 F-1（草稿）：城关镇 · 纪律建设 · 一般']]);
    expect((await findings()).map((f) => f.text)).toEqual(['违规发放津贴']);
  });

  it('gives the group only the deep-link note, and starts no dialogue, when the private chat cannot be opened', async () => {
    t.failNext('sendMessage', TG_ERRORS.cannotInitiate, member.id);
    const since = t.calls.length;
    await t.send('member', 'group', '/finding add');
    expect(t.calls[since]).toMatchObject({ method: 'sendMessage', payload: { chat_id: member.id }, failed: { error_code: 403 } });
    const out = t.deliveries(since);
    expect(out).toHaveLength(1);
    expect(out[0]!.chatId).toBe(GROUP_ID);
    expect(plain(out[0])).toContain(member.first_name);
    expect(plain(out[0])).not.toContain('（1/5）');
    expect(out[0]!.keyboard).toEqual([{ text: '打开私聊', url: expect.stringMatching(/^https:\/\/t\.me\/xuncha_bot\?start=\S+$/) }]);
    // No dialogue: neither chat takes a line as an answer, and there is nothing to cancel.
    expect(await run('member', 'dm', '公车私用')).toEqual([]);
    expect(await run('member', 'group', '公车私用')).toEqual([]);
    expect(plain((await run('member', 'dm', '/cancel'))[0])).toBe('现在没有进行中的填写。');
    expect(await findings()).toEqual([]);
  });

  it('a dialogue cancelled with /cancel or with the cancel button saves nothing', async () => {
    await run('member', 'group', '/finding add');
    await choose('member', 'dm', '城关镇');
    const cancelled = await run('member', 'dm', '/cancel');
    expect(cancelled.map((d) => [d.chatId, plain(d)])).toEqual([[member.id, '已取消，没有保存任何内容。']]);
    expect(await run('member', 'dm', '这句话不是回答')).toEqual([]);

    await run('member', 'group', '/finding add');
    await choose('member', 'dm', '城关镇');
    await choose('member', 'dm', '作风建设');
    const byButton = await choose('member', 'dm', '取消');
    expect(byButton.map((d) => [d.chatId, plain(d)])).toEqual([[member.id, '已取消，没有保存任何内容。']]);
    expect(await run('member', 'dm', '公车私用')).toEqual([]);

    // /cancel typed back in the group, where the form was asked for, cancels it as well.
    await run('member', 'group', '/finding add');
    const inGroup = await run('member', 'group', '/cancel');
    expect(inGroup.map((d) => [d.chatId, plain(d)])).toEqual([[GROUP_ID, '已取消，没有保存任何内容。']]);
    expect(await run('member', 'dm', '公车私用')).toEqual([]);

    expect(await findings()).toEqual([]);
    expect(plain((await run('member', 'dm', '/cancel'))[0])).toBe('现在没有进行中的填写。');
  });

  it('/rectify add sends a due date before today back to that field, then completes', async () => {
    await one('member', 'group', '/finding add 公车私用 --unit 城关镇 --cat 作风', member.id);
    const ref = await run('leader', 'group', '/rectify add');
    // The options name findings: they are in the leader's private chat, never in the group.
    expect(inChat(ref, GROUP_ID).map(plain)).toEqual([note('leader', '建立整改任务')]);
    const ask = inChat(ref, leader.id);
    expect(plain(ask[0])).toContain('建立整改任务（1/5）');
    expect(ask[0]!.keyboard?.[0]?.text).toMatch(/^F-1 城关镇 公车私用/);
    await choose('leader', 'dm', ask[0]!.keyboard![0]!.text);
    await run('leader', 'dm', '收回车辆并通报');
    await run('leader', 'dm', `@${member.username}`);
    await run('leader', 'dm', '2026-11-20');
    const retry = await choose('leader', 'dm', '否');
    expect(retry.map((d) => d.chatId)).toEqual([leader.id]);
    expect(plain(retry[0])).toContain('期限 2026-11-20 早于今天（2026-11-25）。请给出今天或以后的日期，例如 +7d 或 15个工作日。');
    expect(plain(retry[0])).toContain('整改时限');
    expect(await tasks()).toEqual([]);

    const next = await run('leader', 'dm', '+7d');
    // The fields after the corrected one are asked again.
    expect(plain(next[0])).toContain('立行立改');
    const done = await choose('leader', 'dm', '否');
    // Run as typed in the group: before feedback the liaison may not read a task, so the leader is
    // answered privately, and the group gets nothing.
    expect(inChat(done, GROUP_ID)).toEqual([]);
    expect(inChat(done, leader.id).map(plain)).toEqual([
      `已建立整改任务 R-1（F-1 · 城关镇）：责任人 ${member.first_name}，时限 2026-12-02。已通知责任人。\n注意：F-1 还是草稿，尚未复核审签：整改应针对审定的问题，请尽快审定。`,
    ]);
    // The owner is told privately.
    expect(inChat(done, member.id).map(plain)).toEqual([expect.stringContaining('交给你一项整改任务 R-1：收回车辆并通报')]);
    expect(await tasks()).toMatchObject([{ n: 1, owner: `telegram:${member.id}`, due: '2026-12-02', measure: '收回车辆并通报', immediate: false }]);
  });

  it('offers a clue in a form as its reference alone', async () => {
    const clue = '某局长亲属违规承揽工程线索';
    await one('member', 'group', '/finding add 公车私用 --unit 城关镇 --cat 作风', member.id);
    await one('leader', 'group', `/finding add ${clue} --unit 东关村 --cat 作风`, leader.id);
    await one('leader', 'group', '/finding clue F-2', leader.id);
    const since = t.calls.length;
    await t.send('leader', 'group', '/rectify add');
    const ask = t.deliveries(since).find((d) => d.chatId === leader.id && d.keyboard)!;
    const labels = ask.keyboard!.map((b) => b.text);
    expect(labels).toContain('F-2［线索］');
    expect(labels.find((l) => l.startsWith('F-1'))).toMatch(/^F-1 城关镇 公车私用/);
    for (const c of t.calls.slice(since)) expect(JSON.stringify(c.payload)).not.toContain(clue);
  });
});

describe('Telegram: @username and text mentions', () => {
  const zhang = { id: 1010, is_bot: false, first_name: '张三', username: 'zhangsan_99', language_code: 'zh-hans' };

  beforeEach(async () => {
    t = await createTelegramHarness();
    await withTelegramTeam(t);
  });

  it('a member added by @username before they ever wrote is matched when they first write', async () => {
    // The real update: the admin types /team add @zhangsan_99 组员 (a mention entity).
    const added = telegramFixture('mention');
    let since = t.calls.length;
    await t.handle(added);
    expect(t.deliveries(since).map((d) => d.chatId)).toEqual([GROUP_ID]);
    const placeholder = 'telegram:@zhangsan_99';
    expect((await team()).members.map((m) => m.user)).toContain(placeholder);

    // A task for them: the notice waits in the outbox, since the bot cannot yet reach them. (The finding
    // and the task are answered to the leader privately: the group's liaison may not read them yet.)
    await one('leader', 'group', '/finding add 公车私用 --unit 城关镇 --cat 作风', leader.id);
    const assigned = await run('leader', 'group', '/rectify add F-1 收回车辆 --owner @zhangsan_99 --due +7d');
    expect(assigned.map((d) => d.chatId)).toEqual([leader.id]);
    expect((await tasks())[0]!.owner).toBe(placeholder);

    // They open the bot: now they are the member, the task is theirs and the notice reaches them.
    since = t.calls.length;
    await t.send(zhang, 'dm', '/start');
    const out = t.deliveries(since);
    expect(inChat(out, zhang.id).map(plain)).toEqual([expect.stringContaining('你好'), expect.stringContaining('交给你一项整改任务 R-1：收回车辆')]);
    const members = (await team()).members.map((m) => m.user);
    expect(members).toContain(`telegram:${zhang.id}`);
    expect(members).not.toContain(placeholder);
    expect((await tasks())[0]!.owner).toBe(`telegram:${zhang.id}`);
    // Both changes on record, under their real id.
    const claims = (await t.h.bot.services.audit.list((await team()).id)).filter((e) => e.action === 'member-identity');
    expect(claims.map((e) => [e.user, e.ref, e.field])).toEqual([
      [`telegram:${zhang.id}`, `telegram:${zhang.id}`, placeholder],
      [`telegram:${zhang.id}`, 'R-1', placeholder],
    ]);

    expect(plain(await one(zhang, 'group', '/team'))).toContain(`组员：${member.first_name}、${zhang.first_name}`);
    // Now known, they are answered privately too: the bot may write to them.
    expect(plain(await one(zhang, 'group', '/finding add 违规发放津贴 --unit 东关村 --cat 纪律', zhang.id))).toMatch(/^已保存 F-2/);
    expect((await findings()).find((f) => f.n === 2)?.author).toBe(`telegram:${zhang.id}`);
    const mine = await one(zhang, 'dm', '/rectify list --mine');
    expect(plain(mine)).toContain('R-1');
    // The notice was delivered once.
    expect(t.deliveries().filter((d) => d.chatId === zhang.id && plain(d).includes('交给你一项整改任务'))).toHaveLength(1);
  });

  it('a text mention (someone without a username) resolves to their numeric id', async () => {
    const update = telegramFixture('text-mention');
    const since = t.calls.length;
    await t.handle(update);
    const out = t.deliveries(since);
    expect(out.map((d) => [d.chatId, plain(d)])).toEqual([[GROUP_ID, '已添加 李四 为组员。']]);
    expect((await team()).members.find((m) => m.user === 'telegram:1006')?.role).toBe('member');

    // Built by the harness: the leader names the member by a text mention as a task owner.
    await one('member', 'group', '/finding add 公车私用 --unit 城关镇 --cat 作风', member.id);
    const liSi = { id: 1006, is_bot: false, first_name: '李四' };
    const since2 = t.calls.length;
    await t.send('leader', 'group', '/rectify add F-1 收回车辆 --owner 李四 --due +7d', { textMentions: [liSi] });
    expect((await tasks())[0]!.owner).toBe('telegram:1006');
    expect(inChat(t.deliveries(since2), 1006).map(plain)).toEqual([expect.stringContaining('R-1')]);
  });
});

describe('Telegram: what the bot starts itself', () => {
  /** Two tasks of 城关镇, due within three days of the 26th; the digest of the 26th, delivered. */
  async function digestOf26th(before?: () => Promise<void>): Promise<TgDelivery[]> {
    t = await createTelegramHarness();
    await withTelegramTeam(t);
    await one('member', 'group', '/finding add 公车私用 --unit 城关镇 --cat 作风', member.id);
    await run('leader', 'group', `/rectify add F-1 收回车辆 --owner @${member.username} --due +2d`);
    await run('leader', 'group', `/rectify add F-1 修订制度 --owner @${leader.username} --due +3d`);
    await before?.();
    const since = t.calls.length;
    const at = new Date('2026-11-26T08:30:00+08:00');
    t.h.clock.set(at);
    await createDigestJob({ services: t.h.bot.services, config: t.h.config, t: t.h.bot.t }).run(at);
    await t.h.bot.flush();
    return t.deliveries(since);
  }

  it('the digest reaches the group, and each owner privately (once the liaison may read the tasks)', async () => {
    // From the feedback date on, the liaison of 城关镇 may read its tasks: the group gets them in full.
    const out = await digestOf26th(async () => {
      await one('leader', 'group', '/team period 2026-11-01 2026-12-31 --feedback 2026-11-26');
    });
    expect(out.map((d) => d.chatId).sort()).toEqual([GROUP_ID, leader.id, member.id].sort());
    const group = plain(inChat(out, GROUP_ID)[0]);
    expect(group).toContain(`【每日提醒】巡察组「${TEAM_NAME}」 · 2026-11-26`);
    expect(group).toContain('R-1 城关镇 · 李娜 · 时限 2026-11-27：收回车辆');
    expect(group).toContain('R-2 城关镇 · 王强 · 时限 2026-11-28：修订制度');
    expect(plain(inChat(out, member.id)[0])).toContain('R-1');
    expect(plain(inChat(out, member.id)[0])).not.toContain('R-2');
    expect(plain(inChat(out, leader.id)[0])).toContain('R-2');
    expect(plain(inChat(out, leader.id)[0])).not.toContain('R-1');
  });

  it('before feedback the group gets the tasks by reference, the leader the whole digest, each owner their own', async () => {
    const out = await digestOf26th();
    expect(out.map((d) => d.chatId).sort()).toEqual([GROUP_ID, leader.id, member.id].sort());
    // The liaison reads the group and may not read the tasks yet: their references only.
    const group = plain(inChat(out, GROUP_ID)[0]);
    expect(group).toContain(`【每日提醒】巡察组「${TEAM_NAME}」 · 2026-11-26`);
    expect(group.split('\n')).toEqual(expect.arrayContaining(['  R-1', '  R-2']));
    for (const words of ['收回车辆', '修订制度', member.first_name]) expect(group).not.toContain(words);
    // The leader: one message, the whole digest (their own item included).
    const full = inChat(out, leader.id).map(plain);
    expect(full).toHaveLength(1);
    expect(full[0]).toMatch(/^【每日提醒 · 完整版】/);
    expect(full[0]).toContain('R-1 城关镇 · 李娜 · 时限 2026-11-27：收回车辆');
    expect(full[0]).toContain('R-2 城关镇 · 王强 · 时限 2026-11-28：修订制度');
    // The owner: their own item alone.
    const own = inChat(out, member.id).map(plain);
    expect(own).toHaveLength(1);
    expect(own[0]).toContain('R-1 城关镇 · 李娜 · 时限 2026-11-27：收回车辆');
    expect(own[0]).not.toContain('R-2');
  });

  it('a 429 on sendMessage is retried after retry_after and delivered once', async () => {
    t = await createTelegramHarness();
    await withTelegramTeam(t);
    t.failNext('sendMessage', TG_ERRORS.tooManyRequests(1), GROUP_ID);
    const since = t.calls.length;
    const started = Date.now();
    await t.send('member', 'group', '/team');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(t.calls.slice(since).map((c) => [c.method, c.failed?.error_code])).toEqual([['sendMessage', 429], ['sendMessage', undefined]]);
    expect(t.calls[since]!.payload.text).toBe(t.calls[since + 1]!.payload.text);
    expect(t.deliveries(since).map((d) => d.chatId)).toEqual([GROUP_ID]);
  });
});

describe('Telegram: start() and the webhook', () => {
  const WEBHOOK_URL = 'https://xuncha.example.gov.cn/telegram/webhook';
  const SECRET = 'xc-webhook_secret-42';
  let server: Server | undefined;

  beforeEach(async () => {
    t = await createTelegramHarness({ env: { TELEGRAM_WEBHOOK_URL: WEBHOOK_URL, TELEGRAM_WEBHOOK_SECRET: SECRET } });
  });
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('start() publishes the menus with Chinese descriptions per scope and sets the webhook with its secret', async () => {
    await t.adapter.start();
    const methods = t.calls.map((c) => c.method);
    expect(methods).toEqual(['setMyCommands', 'setMyCommands', 'setWebhook']);
    const scopes = t.calls.filter((c) => c.method === 'setMyCommands').map((c) => (c.payload.scope as { type: string }).type);
    expect(scopes).toEqual(['all_group_chats', 'all_private_chats']);
    for (const c of t.calls.filter((x) => x.method === 'setMyCommands')) {
      const commands = c.payload.commands as Array<{ command: string; description: string }>;
      expect(commands.map((x) => x.command)).toEqual(expect.arrayContaining(['help', 'team', 'finding', 'rectify', 'docs', 'secrecy', 'digest', 'rule', 'export', 'stats', 'cancel']));
      for (const x of commands) {
        expect(x.command).toMatch(/^[a-z0-9_]{1,32}$/);
        expect(x.description).toMatch(/[\u4e00-\u9fff]/);
        expect(x.description.length).toBeLessThanOrEqual(256);
      }
    }
    expect(t.calls.find((c) => c.method === 'setMyCommands')!.payload.commands).toContainEqual({ command: 'finding', description: '问题与问题线索' });
    expect(t.calls.at(-1)!.payload).toMatchObject({ url: WEBHOOK_URL, secret_token: SECRET, allowed_updates: ['message', 'callback_query'] });
  });

  it('the webhook route processes a POST with the right secret token and refuses a wrong or missing one with 401', async () => {
    expect(t.adapter.route?.path).toBe('/telegram/webhook');
    server = createHttpServer([t.adapter.route!]);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/telegram/webhook`;
    const post = (update: Update, secret?: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(secret !== undefined && { 'x-telegram-bot-api-secret-token': secret }) },
        body: JSON.stringify(update),
      });

    const forged = t.build('admin', 'group', '/team create 伪造组');
    expect((await post(forged, 'not-the-secret')).status).toBe(401);
    expect((await post(t.build('admin', 'group', '/team create 伪造组'))).status).toBe(401);
    expect(t.calls).toEqual([]);
    expect(await t.h.bot.services.teams.all()).toEqual([]);

    const res = await post(t.build('admin', 'group', `/team create ${TEAM_NAME}`), SECRET);
    expect(res.status).toBe(200);
    await t.h.bot.flush();
    expect((await team()).name).toBe(TEAM_NAME);
    expect(t.deliveries().map((d) => [d.chatId, plain(d)])).toEqual([[GROUP_ID, expect.stringMatching(/^已新建巡察组「第一巡察组」/)]]);
    // The forged update's id was not remembered as seen: the secret is checked before anything else.
    const before = t.calls.length;
    expect((await post(forged, SECRET)).status).toBe(200);
    // (The group is bound already: the admin is told so, privately.)
    expect(t.deliveries(before).map((d) => d.chatId)).toEqual([admin.id]);
    expect(t.calls.map((c) => c.method)).not.toContain('getMe');
    expect(BOT_INFO.username).toBe('xuncha_bot');
  });

  it('answers the webhook 200 when an update takes longer than 10 s (a long 429), and still delivers it', async () => {
    server = createHttpServer([t.adapter.route!]);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/telegram/webhook`;
    t.failNext('sendMessage', TG_ERRORS.tooManyRequests(11), GROUP_ID);
    const started = Date.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(t.build('admin', 'group', `/team create ${TEAM_NAME}`)),
      signal: AbortSignal.timeout(15_000),
    });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(11_000);
    // The update goes on in the background: auto-retry sends the reply once the 11 s are over.
    await expect.poll(() => t.deliveries().length, { timeout: 5_000, interval: 100 }).toBe(1);
    expect(t.deliveries()[0]!.chatId).toBe(GROUP_ID);
  }, 20_000);

  it('logs an update that fails by webhook and answers it 500, and goes on with the next', async () => {
    server = createHttpServer([t.adapter.route!]);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/telegram/webhook`;
    const post = (update: Update) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(update), signal: AbortSignal.timeout(5_000) });
    t.failNext('sendMessage', { error_code: 400, description: 'Bad Request: stand-in failure' }, GROUP_ID);
    const failed = t.build('admin', 'group', `/team create ${TEAM_NAME}`);
    expect((await post(failed)).status).toBe(500);
    expect(t.h.logs).toContainEqual(expect.objectContaining({ msg: 'telegram handler failed', update: failed.update_id, err: expect.objectContaining({ name: 'GrammyError' }) }));
    // Sent again by Telegram: already seen, dropped.
    expect((await post(failed)).status).toBe(200);
    expect((await post(t.build('admin', 'group', '/team'))).status).toBe(200);
    await t.h.bot.flush();
    expect(t.deliveries().map((d) => [d.chatId, plain(d).split('\n')[0]])).toEqual([[GROUP_ID, `巡察组「${TEAM_NAME}」`]]);
  });

  it('a chat bound to no team shows no team data', async () => {
    await t.send('admin', 'group', `/team create ${TEAM_NAME}`);
    const out = await run('admin', 'other', '/team');
    expect(out.map((d) => d.chatId)).toEqual([admin.id]);
    expect(plain(out[0])).not.toContain(TEAM_NAME);
    expect(OTHER_GROUP_ID).toBeLessThan(0);
  });
});

describe('Telegram: commands it does not know', () => {
  beforeEach(async () => {
    t = await createTelegramHarness();
    await withTelegramTeam(t);
  });

  it('answers them in a private chat and when addressed to it in a group; leaves other bots\' and bare ones alone', async () => {
    expect((await run('member', 'dm', '/foo')).map(plain)).toEqual(['没有 /foo 这个命令。发送 /help 查看全部命令。']);
    expect((await run('member', 'group', '/foo@xuncha_bot')).map(plain)).toEqual(['没有 /foo 这个命令。发送 /help 查看全部命令。']);
    expect(await run('member', 'group', '/foo')).toEqual([]);
    expect(await run('member', 'group', '/finding@other_bot list')).toEqual([]);
  });
});

describe('Telegram: dialogues kept in the store', () => {
  /** Where the member's dialogue is stored, by their private chat: the adapter's records sit under its platform's name. */
  const memberKey = `telegram:dialogue:${member.id}:${member.id}`;
  const stored = () => t.h.store.get(memberKey, z.unknown());
  const minutes = (n: number) => t.h.clock.set(new Date(t.h.clock.now().getTime() + n * 60_000));

  beforeEach(async () => {
    t = await createTelegramHarness();
    await withTelegramTeam(t);
  });

  it('survives restarts: each next answer continues the dialogue, and the form is saved once', async () => {
    await run('member', 'group', '/finding add');
    await choose('member', 'dm', '东关村');
    t = await t.restart();
    // A button of the question asked before the restart answers it.
    const text = await choose('member', 'dm', '作风建设');
    expect(text.map((d) => [d.chatId, plain(d).split('\n')[0]])).toEqual([[member.id, '登记问题（3/5）']]);
    t = await t.restart();
    const source = await run('member', 'dm', '食堂超标准采购茶叶');
    expect(plain(source[0])).toContain('（4/5）');
    await choose('member', 'dm', '跳过');
    t = await t.restart();
    const done = await choose('member', 'dm', '较重');
    expect(done.map((d) => [d.chatId, plain(d)])).toEqual([[member.id, '已保存 F-1（草稿）：东关村 · 作风建设 · 较重']]);
    expect(await findings()).toMatchObject([{ n: 1, text: '食堂超标准采购茶叶', unit: '东关村', category: '作风建设', source: '其他', severity: '较重' }]);
    // Over, and gone from the store: a further line or tap is not an answer.
    expect(await stored()).toBeUndefined();
    expect(await run('member', 'dm', '谢谢')).toEqual([]);
    expect(await choose('member', 'dm', '较重')).toEqual([]);
    expect(await findings()).toHaveLength(1);
  });

  it('a question whose sending failed after its step was saved is asked at the person\'s next move', async () => {
    await run('member', 'group', '/finding add');
    await choose('member', 'dm', '东关村');
    // The category is taken and saved; the next question never reaches Telegram (the bot then stops).
    t.failNext('sendMessage', { error_code: 400, description: 'Bad Request: stand-in failure' }, member.id);
    const category = button('作风建设', member.id);
    const since = t.calls.length;
    await expect(t.press('member', 'dm', category.data, category.messageId)).rejects.toThrow('stand-in failure');
    expect(t.deliveries(since)).toEqual([]);
    t = await t.restart();
    // The person, still seeing the category question, presses it again: they are asked the question they missed.
    const missed = await choose('member', 'dm', '作风建设');
    expect(missed.map((d) => [d.chatId, plain(d).split('\n')[0]])).toEqual([[member.id, '登记问题（3/5）']]);
    await run('member', 'dm', '公车私用');
    await choose('member', 'dm', '跳过');
    await choose('member', 'dm', '跳过');
    expect(await findings()).toMatchObject([{ n: 1, text: '公车私用', unit: '东关村', category: '作风建设' }]);
  });

  it('a crash after the form ran and before the dialogue was removed: pressed again, the form is not saved twice', async () => {
    await run('member', 'group', '/finding add');
    await choose('member', 'dm', '东关村');
    await choose('member', 'dm', '作风建设');
    await run('member', 'dm', '公车私用');
    await choose('member', 'dm', '跳过');
    // The finding is saved; removing the dialogue fails (the bot then stops), so its last step stays open.
    const remove = vi.spyOn(t.h.store, 'delete').mockRejectedValueOnce(new Error('stand-in crash'));
    const last = button('较重', member.id);
    await expect(t.press('member', 'dm', last.data, last.messageId)).rejects.toThrow('stand-in crash');
    expect(remove).toHaveBeenCalledWith(memberKey);
    expect(await findings()).toHaveLength(1);
    t = await t.restart();
    const again = await tap('member', 'dm', last.data, last.messageId);
    expect(again.map((d) => [d.chatId, plain(d)])).toEqual([[member.id, expect.stringMatching(/^F-1 已于 .+ 保存，与这次完全相同：没有重复保存。$/)]]);
    expect(await findings()).toHaveLength(1);
    expect(await stored()).toBeUndefined();
  });

  it('an expired dialogue is as if none were open: nothing is taken or saved, and it is removed', async () => {
    await run('member', 'group', '/finding add');
    await choose('member', 'dm', '东关村');
    // The expiry counts from the last step: 29 minutes between two steps, twice, keep it open.
    minutes(29);
    expect(plain((await choose('member', 'dm', '作风建设'))[0])).toContain('（3/5）');
    minutes(29);
    expect(plain((await run('member', 'dm', '公车私用'))[0])).toContain('（4/5）');
    minutes(31);
    expect(await stored()).toBeDefined();
    expect(await run('member', 'dm', '这句话不是回答')).toEqual([]);
    expect(await stored()).toBeUndefined();
    expect(await choose('member', 'dm', '跳过')).toEqual([]);
    expect(plain((await run('member', 'dm', '/cancel'))[0])).toBe('现在没有进行中的填写。');
    expect(await findings()).toEqual([]);
    // A new form starts afresh: nothing was replaced.
    const fresh = await run('member', 'dm', '/finding add');
    expect(plain(fresh[0]).split('\n')[0]).toBe('登记问题（1/5）');
  });

  it('an expired dialogue is expired after a restart too', async () => {
    await run('member', 'group', '/finding add');
    await choose('member', 'dm', '东关村');
    minutes(31);
    t = await t.restart();
    expect(await choose('member', 'dm', '作风建设')).toEqual([]);
    expect(await stored()).toBeUndefined();
  });

  it('a double-pressed option button, or a repeated update, advances the dialogue once', async () => {
    await run('member', 'group', '/finding add');
    const unit = button('东关村', member.id);
    let since = t.calls.length;
    // Two taps at once (two updates, two callback queries), then a third later: one step.
    await Promise.all([t.press('member', 'dm', unit.data, unit.messageId), t.press('member', 'dm', unit.data, unit.messageId)]);
    expect(t.deliveries(since).map((d) => plain(d).split('\n')[0])).toEqual(['登记问题（2/5）']);
    expect(await tap('member', 'dm', unit.data, unit.messageId)).toEqual([]);
    expect(t.calls.filter((c) => c.method === 'answerCallbackQuery')).toHaveLength(3);

    await choose('member', 'dm', '作风建设');
    // The same typed answer delivered twice at once (a webhook retry): taken once.
    const update = t.build('member', 'dm', '公车私用');
    since = t.calls.length;
    await Promise.all([t.handle(update), t.handle(structuredClone(update))]);
    expect(t.deliveries(since).map((d) => plain(d).split('\n')[0])).toEqual(['登记问题（4/5）']);

    await choose('member', 'dm', '跳过');
    // The last step double-tapped: the form runs once.
    const last = button('较重', member.id);
    since = t.calls.length;
    await Promise.all([t.press('member', 'dm', last.data, last.messageId), t.press('member', 'dm', last.data, last.messageId)]);
    expect(t.deliveries(since).map(plain)).toEqual(['已保存 F-1（草稿）：东关村 · 作风建设 · 较重']);
    expect(await findings()).toMatchObject([{ n: 1, text: '公车私用', unit: '东关村', category: '作风建设', severity: '较重' }]);
  });

  it('starting a second form while one is open says the first was replaced, whose buttons then do nothing', async () => {
    await one('member', 'group', '/finding add 公车私用 --unit 城关镇 --cat 作风', member.id);
    await run('leader', 'group', '/finding add');
    await choose('leader', 'dm', '城关镇');
    const first = { category: button('作风建设', leader.id), cancel: button('取消', leader.id) };

    const second = await run('leader', 'group', '/rectify add');
    expect(inChat(second, GROUP_ID).map(plain)).toEqual(['王强，「建立整改任务」请在与我的私聊中填写。']);
    const ask = inChat(second, leader.id);
    expect(plain(ask[0]).split('\n').slice(0, 2)).toEqual(['之前未填完的「登记问题」已被替换，没有保存。', '建立整改任务（1/5）']);
    expect(ask[0]!.keyboard?.[0]?.text).toMatch(/^F-1 /);

    // The replaced form's buttons, its cancel too, no longer answer.
    expect(await tap('leader', 'dm', first.category.data, first.category.messageId)).toEqual([]);
    expect(await tap('leader', 'dm', first.cancel.data, first.cancel.messageId)).toEqual([]);
    const next = await choose('leader', 'dm', ask[0]!.keyboard![0]!.text);
    expect(plain(next[0]).split('\n')[0]).toBe('建立整改任务（2/5）');
    expect(await findings()).toHaveLength(1);

    // A form started with none open says nothing of it.
    await run('leader', 'dm', '/cancel');
    const fresh = await run('leader', 'dm', '/finding add');
    expect(plain(fresh[0]).split('\n')[0]).toBe('登记问题（1/5）');
  });

  it('/cancel after a restart cancels, in the private chat or in the group, and so does the cancel button', async () => {
    await run('member', 'group', '/finding add');
    await choose('member', 'dm', '城关镇');
    t = await t.restart();
    expect((await run('member', 'dm', '/cancel')).map((d) => [d.chatId, plain(d)])).toEqual([[member.id, '已取消，没有保存任何内容。']]);
    expect(await run('member', 'dm', '公车私用')).toEqual([]);
    expect(await stored()).toBeUndefined();

    await run('member', 'group', '/finding add');
    t = await t.restart();
    expect((await run('member', 'group', '/cancel')).map((d) => [d.chatId, plain(d)])).toEqual([[GROUP_ID, '已取消，没有保存任何内容。']]);

    await run('member', 'group', '/finding add');
    await choose('member', 'dm', '城关镇');
    await choose('member', 'dm', '作风建设');
    t = await t.restart();
    // The typed question has no buttons: the cancel button of the question before it stops the dialogue.
    expect((await choose('member', 'dm', '取消')).map(plain)).toEqual(['已取消，没有保存任何内容。']);
    expect(await run('member', 'dm', '公车私用')).toEqual([]);
    expect(await findings()).toEqual([]);
  });

  it('an unreadable stored dialogue is none, and is removed', async () => {
    await run('member', 'group', '/finding add');
    await t.h.store.set(memberKey, { form: 'not a form' });
    expect(await choose('member', 'dm', '东关村')).toEqual([]);
    expect(await stored()).toBeUndefined();
    expect(t.h.logs.filter((l) => l.msg === 'adapter record unreadable; removed' && l.key === memberKey)).toHaveLength(1);
    expect(plain((await run('member', 'dm', '/cancel'))[0])).toBe('现在没有进行中的填写。');
  });

  it('keeps what was answered out of the log, even at debug, and sealed in an encrypted store', async () => {
    await t.close();
    t = await createTelegramHarness({ env: { LOG_LEVEL: 'debug', XC_ENCRYPTION_KEY: 'a'.repeat(64) } });
    await withTelegramTeam(t);
    const logs = [t.h.logs];
    const canary = '金丝雀-食堂超标准采购茶叶';
    await run('member', 'group', '/finding add');
    await choose('member', 'dm', '东关村');
    await choose('member', 'dm', '作风建设');
    await run('member', 'dm', canary);
    // Stored as it stands, the answer sealed with the rest.
    const { records } = await t.h.store.snapshot();
    expect(records.some(([key]) => key === memberKey)).toBe(true);
    expect(JSON.stringify(records)).not.toContain(canary);
    // A question that failed to go out, then a restart.
    t.failNext('sendMessage', { error_code: 400, description: 'Bad Request: stand-in failure' }, member.id);
    const skip = button('跳过', member.id);
    await expect(t.press('member', 'dm', skip.data, skip.messageId)).rejects.toThrow('stand-in failure');
    t = await t.restart();
    logs.push(t.h.logs);
    // Pressed again: the question missed is asked, then answered.
    expect(plain((await choose('member', 'dm', '跳过'))[0])).toContain('（5/5）');
    await choose('member', 'dm', '较重');
    expect((await findings()).map((f) => f.text)).toEqual([canary]);
    const all = JSON.stringify(logs.flat());
    expect(logs.flat().filter((l) => l.msg === 'command').length).toBeGreaterThan(0);
    for (const answered of [canary, '东关村', '作风建设', '较重']) expect(all).not.toContain(answered);
  });

  it('gives every Incoming the update\'s delivery id: telegram:<update_id>', async () => {
    const handle = vi.spyOn(t.h.bot, 'handle');
    const dispatch = vi.spyOn(t.h.bot, 'dispatch');
    const submit = vi.spyOn(t.h.bot, 'submit');
    const typed = t.build('member', 'group', '/finding list');
    await t.handle(typed);
    expect(handle.mock.calls.at(-1)![0].deliveryId).toBe(String(typed.update_id));

    const unknown = t.build('member', 'dm', '/foo');
    await t.handle(unknown);
    expect(dispatch.mock.calls.at(-1)![0].deliveryId).toBe(String(unknown.update_id));

    await one('member', 'group', '/finding add 公车私用 --unit 城关镇 --cat 作风', member.id);
    const pressed = telegramFixture('callback-query');
    await t.handle(pressed);
    expect(dispatch.mock.calls.at(-1)![0]).toMatchObject({ command: 'finding', text: 'review F-1', deliveryId: String(pressed.update_id) });

    // The filled form runs with the id of the update that gave its last answer.
    const started = t.build('member', 'dm', '/finding add');
    await t.handle(started);
    expect(handle.mock.calls.at(-1)![0].deliveryId).toBe(String(started.update_id));
    await choose('member', 'dm', '东关村');
    await choose('member', 'dm', '作风建设');
    await run('member', 'dm', '违规发放津贴');
    await choose('member', 'dm', '跳过');
    const last = t.build('member', 'dm', '较重');
    await t.handle(last);
    expect(submit).toHaveBeenCalledTimes(1);
    expect(submit.mock.calls[0]![0].deliveryId).toBe(String(last.update_id));
    expect((await findings()).map((f) => [f.n, f.severity]).sort()).toEqual([[1, '一般'], [2, '较重']]);
    const ids = [...handle.mock.calls, ...dispatch.mock.calls].map(([i]) => i.deliveryId);
    expect(ids.every((id) => /^\d+$/.test(id ?? ''))).toBe(true);
  });
});
