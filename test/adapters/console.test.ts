import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConsoleAdapter } from '../../adapters/console/console.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';

/** Pipe `lines` through the console adapter over a real bot, as `npm start < script` would. */
async function transcript(h: Harness, lines: string[], user = 'admin'): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (chunk) => (out += String(chunk)));
  const adapter = createConsoleAdapter({ bot: h.bot, input, output, interactive: false, user, store: 'sqlite://test', filesDir: 'exports', lang: 'zh' });
  // What the bot sends on its own (notices) is printed by the console too, as main.ts connects it.
  h.bot.connect(adapter);
  input.end(lines.join('\n') + '\n');
  await adapter.run();
  return out;
}

describe('console adapter (piped)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.dispose());

  it('prints each line as "> line" followed by the reply', async () => {
    const out = await transcript(h, ['/team create 第一巡察组', '/team unit add 城关镇']);
    expect(out).toBe(
      '> /team create 第一巡察组\n已新建巡察组「第一巡察组」，本群已绑定。下一步：/team unit add <单位>，/team add <用户> <角色>\n\n' +
        '> /team unit add 城关镇\n已添加被巡察单位「城关镇」。现有单位：城关镇\n\n',
    );
  });

  it('switches user with /as, chat with /chat and goes private with /dm', async () => {
    const out = await transcript(h, [
      '/team create 第一巡察组',
      '/team unit add 城关镇',
      '/team add 张三 组长',
      '/as 张三',
      '/finding add 问题甲 --unit 城关镇 --cat 作风',
      '/finding clue F-1',
      '/chat 其他群',
      '/finding list',
      '/dm',
      '/finding show F-1',
    ]);
    expect(out).toContain('> /as 张三\n现在你是 张三（main）。');
    expect(out).toContain('已保存 F-1（草稿）：城关镇 · 作风建设 · 一般\n  [复核] /finding review F-1\n  [查看] /finding show F-1');
    expect(out).toContain('〔仅 张三 可见〕\n已将 F-1 标记为问题线索');
    expect(out).toContain('> /finding list\n〔仅 张三 可见〕\n本群未绑定巡察组');
    expect(out).toContain('> /dm\n已进入与机器人的私聊。');
    // In the DM with the bot a reply is the asker's by where it is: no label needed.
    expect(out).toMatch(/> \/finding show F-1\nF-1［草稿 · 线索］\n问题甲/);
  });

  it("prints a notice's buttons under it, as a reply's: the leader told of a review sees the one that signs it", async () => {
    const out = await transcript(h, [
      '/team create 第一巡察组',
      '/team unit add 城关镇',
      '/team add 张三 组长',
      '/team add 李四 副组长',
      '/team add 王五 组员',
      '/as 王五',
      '/finding add 问题甲 --unit 城关镇 --cat 作风 --evidence 发票',
      '/as 李四',
      '/finding review F-1',
    ]);
    expect(out).toContain('〔私信 → 张三〕\n巡察组「第一巡察组」：F-1 已由 李四 复核，待你审签（/finding confirm F-1）。\n  [审签] /finding confirm F-1\n  [查看] /finding show F-1\n\n');
    expect(out).toContain('已复核 F-1：待组长审签。\n  [审签] /finding confirm F-1\n');
  });

  it('echoes comments, skips blank lines and explains a line that is not a command', async () => {
    const out = await transcript(h, ['# 第一天', '', '你好', '/as 有 空格']);
    expect(out).toBe('> # 第一天\n\n> 你好\n命令以 / 开头，例如 /help。\n\n> /as 有 空格\n名字不能为空，也不能含空格、冒号或斜杠。\n\n');
  });

  it('accepts the /command@bot form and a full-width slash', async () => {
    const out = await transcript(h, ['/rule@xuncha_bot show BM-01', '／rule show LJ-01']);
    expect(out).toContain('BM-01 守口如瓶〔保密〕');
    expect(out).toContain('LJ-01 四个决不允许〔廉洁〕');
  });
});
