/** Texts of /help, Chinese and English. */
import { argTexts, commandTexts, listEn, listZh as list } from './texts.ts';

/** Where /help was asked: a team's group, a group bound to no team, a direct message with the bot, a chat between people. */
type ChatKind = 'team' | 'group' | 'dm' | 'unbound';

export const helpZh = {
  summary: '命令与用法',
  commands: commandTexts({
    help: { summary: '列出你在这里可用的命令；/help <命令> 查看完整用法，/help all 查看全部命令' },
  }),
  args: argTexts({
    topic: { name: '命令' },
  }),
  messages: {
    title: (roles: string[]) => `巡察助手 · 你在这里可用的命令${roles.length ? `（${list(roles)}）` : ''}：`,
    family: (summary: string) => `【${summary}】`,
    words: (line: string) => `　${line}`,
    noRole: {
      team: '你不是本组成员：被加入本组后，这里会列出你可用的命令。',
      group: '本群未绑定巡察组：在巡察组的群聊中或与我的私聊中，这里会列出你可用的命令。',
      dm: '你还不是任何巡察组的成员：被加入巡察组后，这里会列出你可用的命令。',
      unbound: '这是人与人之间的私聊，不能使用巡察组的命令：请在巡察组的群聊中或与我的私聊中发送 /help。',
    } satisfies Record<ChatKind, string>,
    more: (example: string) => `发送 /help <命令> 查看完整用法，例如 /help ${example}；/help all 查看全部命令。`,
    allTitle: '巡察助手全部命令：',
    entry: (usage: string, summary: string) => `${usage}\n　${summary}`,
    full: (usage: string, summary: string, who: string) => `${usage}\n　${summary}\n　可用角色：${who}`,
    anyone: '所有人',
  },
};

export const helpEn: typeof helpZh = {
  summary: 'commands and their usage',
  commands: {
    help: { summary: 'the commands you can use here; /help <command> for its full usage, /help all for every command' },
  },
  args: {
    topic: { name: 'the command', usage: 'command' },
  },
  messages: {
    title: (roles) => `xuncha · commands you can use here${roles.length ? ` (${listEn(roles)})` : ''}:`,
    family: (summary) => `[${summary}]`,
    words: (line) => `  ${line}`,
    noRole: {
      team: 'You are not on this team: once you are added, this lists the commands you can use.',
      group: 'This chat is bound to no team: in a team’s group chat, or in a direct message with me, this lists the commands you can use.',
      dm: 'You are not on any team yet: once you are added to one, this lists the commands you can use.',
      unbound: 'This is a chat between people, where no team command works: send /help in a team’s group chat or in a direct message with me.',
    },
    more: (example) => `Send /help <command> for the full usage, e.g. /help ${example}; /help all for every command.`,
    allTitle: 'Every xuncha command:',
    entry: (usage, summary) => `${usage}\n  ${summary}`,
    full: (usage, summary, who) => `${usage}\n  ${summary}\n  Who: ${who}`,
    anyone: 'anyone',
  },
};
