/** The console's own few sentences (its /as, /chat and /dm are not bot commands). */
const zh = {
  welcome: (user: string) =>
    `巡察助手 · 本地控制台。你是 ${user}，在群聊 main 中。\n/help 查看全部命令；/as <名字> 切换用户，/chat <群名> 切换群聊，/dm 与机器人私聊；Ctrl+D 退出。`,
  onlyYou: (user: string) => `〔仅 ${user} 可见〕`,
  toDm: (user: string) => `〔私信 → ${user}〕`,
  toChat: (chat: string) => `〔发往群聊 ${chat}〕`,
  fileSaved: (path: string) => `文件已保存：${path}`,
  /** A file with no words, a message of its own: a picture (a chart), or another file. */
  fileAlone: (path: string, picture: boolean) => `${picture ? '〔图片〕' : '〔文件〕'}已保存：${path}`,
  notCommand: '命令以 / 开头，例如 /help。',
  badName: '名字不能为空，也不能含空格、冒号或斜杠。',
  nowUser: (user: string, where: string) => `现在你是 ${user}（${where}）。`,
  nowChat: (chat: string) => `已进入群聊 ${chat}。`,
  nowDm: '已进入与机器人的私聊。',
  dmName: '私聊',
};

const en: typeof zh = {
  welcome: (user) =>
    `xuncha · local console. You are ${user}, in the group chat main.\n/help lists the commands; /as <name> switches user, /chat <name> another group chat, /dm a direct message with the bot; Ctrl+D quits.`,
  onlyYou: (user) => `[only ${user} sees this]`,
  toDm: (user) => `[direct message → ${user}]`,
  toChat: (chat) => `[to group chat ${chat}]`,
  fileSaved: (path) => `File saved: ${path}`,
  fileAlone: (path, picture) => `${picture ? '[picture]' : '[file]'} saved: ${path}`,
  notCommand: 'Commands start with /, e.g. /help.',
  badName: 'A name must not be empty or contain spaces, colons or slashes.',
  nowUser: (user, where) => `You are now ${user} (${where}).`,
  nowChat: (chat) => `Now in group chat ${chat}.`,
  nowDm: 'Now in a direct message with the bot.',
  dmName: 'DM',
};

export type ConsoleText = typeof zh;

/** The console's sentences in the configured language. */
export function consoleText(lang: 'zh' | 'en'): ConsoleText {
  return lang === 'en' ? en : zh;
}
