/** The console's own few sentences (its /as, /chat and /dm are not bot commands). */
const zh = {
  /** The one line a terminal gets first: what this is, where it keeps its data, how to quit. */
  welcome: (store: string) => `巡察助手本地控制台 · 存储 ${store} · /help 看命令，/as /chat /dm 换用户、群聊、私聊 · Ctrl+D 退出`,
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
  welcome: (store) => `xuncha local console · store ${store} · /help for commands, /as /chat /dm to switch user, group, DM · Ctrl+D quits`,
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
