/**
 * The few sentences only DingTalk needs, in both languages. They belong in src/i18n beside
 * `telegram` (a `dingtalk` section); kept here until that catalogue takes them, so that this adapter
 * does not edit the core's messages while others do.
 */
export interface DingTalkText {
  /** Said in a group when a reply only the asker may see could not be sent to them privately: no content, only that. */
  privateUnreachable(name: string): string;
  /** Said to someone DingTalk gives no userId for (a person from outside the organisation). */
  unidentified: string;
  /** Heads a form shown as text: there are no forms for robots in DingTalk. */
  formAsText(title: string): string;
  /** After a field's label, when it may be left out. */
  optional: string;
  /** One action of a reply as a command to type. */
  typeCommand(label: string, command: string): string;
}

const zh: DingTalkText = {
  privateUnreachable: (name) => `${name}，这条回复只能私聊给你，但钉钉没有送达：请联系管理员把你加入本应用的可见范围，或在与我的单聊中再发一次命令。`,
  unidentified: '无法识别你的钉钉账号：只有本组织的成员可以使用巡察助手。',
  formAsText: (title) => `「${title}」：钉钉中没有表单，请按下面的用法发送完整命令。`,
  optional: '（可选）',
  typeCommand: (label, command) => `${label}：${command}`,
};

const en: DingTalkText = {
  privateUnreachable: (name) => `${name}, this reply is for you alone, but DingTalk did not deliver it: ask the admin to add you to this app's visible range, or send the command again in your one-to-one chat with me.`,
  unidentified: 'Your DingTalk account cannot be identified: only members of this organisation can use the assistant.',
  formAsText: (title) => `"${title}": DingTalk has no forms; send the whole command as shown below.`,
  optional: ' (optional)',
  typeCommand: (label, command) => `${label}: ${command}`,
};

/** The sentences in the bot's language. */
export function dingtalkText(lang: 'zh' | 'en'): DingTalkText {
  return lang === 'en' ? en : zh;
}
