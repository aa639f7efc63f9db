/** Texts of /help, Chinese and English. */
import { argTexts, commandTexts } from './texts.ts';

export const helpZh = {
  summary: '全部命令与用法',
  commands: commandTexts({
    help: { summary: '列出全部命令；/help <命令> 查看完整用法' },
  }),
  args: argTexts({
    topic: { name: '命令' },
  }),
  messages: {
    title: '巡察助手命令：',
    more: '发送 /help <命令> 查看完整用法，例如 /help finding',
    entry: (usage: string, summary: string) => `${usage}\n　${summary}`,
    full: (usage: string, summary: string, who: string) => `${usage}\n　${summary}\n　可用角色：${who}`,
    anyone: '所有人',
  },
};

export const helpEn: typeof helpZh = {
  summary: 'all commands and their usage',
  commands: {
    help: { summary: 'every command in one line; /help <command> for its full usage' },
  },
  args: {
    topic: { name: 'the command', usage: 'command' },
  },
  messages: {
    title: 'xuncha commands:',
    more: 'Send /help <command> for the full usage, e.g. /help finding',
    entry: (usage, summary) => `${usage}\n  ${summary}`,
    full: (usage, summary, who) => `${usage}\n  ${summary}\n  Who: ${who}`,
    anyone: 'anyone',
  },
};
