/** Texts of the secrecy commands, Chinese and English. */
import { argTexts, commandTexts, listEn, listZh } from './texts.ts';

export const secrecyZh = {
  summary: '保密提醒与保密承诺',
  commands: commandTexts({
    secrecy: { summary: '今日保密提醒与保密纪律清单' },
    'secrecy ack': { summary: '签署本轮保密承诺' },
    'secrecy status': { summary: '本轮保密承诺的签署情况：谁已签、谁未签' },
  }),
  args: argTexts({}),
  messages: {
    title: (date: string) => `保密提醒（${date}）`,
    todayRule: (id: string, title: string) => `今日一条：${id} ${title}`,
    checklistTitle: '保密纪律清单：',
    checklist: [
      '守口如瓶：不跑风漏气、不信口开河、不通风报信。',
      '四个决不允许：决不允许接受宴请，决不允许收受馈赠，决不允许泄露秘密，决不允许假公济私。',
      '不复制、不私存、不带离巡察资料和谈话记录。',
      '巡察结束时全部材料清退（巡后清退）。',
    ],
    yourPledge: (date?: string, team?: string) =>
      `${team ? `「${team}」` : ''}${date ? `本轮保密承诺：你已于 ${date} 签署。` : '本轮保密承诺：你尚未签署，请发送 /secrecy ack。'}`,
    signed: (round: string, date: string) => `已签署本轮（进驻 ${round}）保密承诺，签署日期 ${date}。请严守保密纪律。`,
    alreadySigned: (date: string, round: string) => `你已于 ${date} 签署本轮（进驻 ${round}）保密承诺，无需重复签署。`,
    noPeriod: '本组尚未设置巡察期间，保密承诺按轮次签署。请先用 /team period <进驻日期> <结束日期> 设置。',
    statusTitle: (round: string, signed: number, total: number) => `本轮（进驻 ${round}）保密承诺：已签 ${signed}/${total} 人`,
    signedPerson: (name: string, date: string) => `${name}（${date}）`,
    signedLine: (people: string[]) => `已签：${people.length ? listZh(people) : '无'}`,
    unsignedLine: (people: string[]) => `未签：${people.length ? listZh(people) : '无'}`,
    unsignedReminder: (people: string[]) => `尚未签署本轮保密承诺：${listZh(people)}。请发送 /secrecy ack 签署。`,
  },
};

export const secrecyEn: typeof secrecyZh = {
  summary: 'confidentiality reminder and pledge',
  commands: {
    secrecy: { summary: "today's confidentiality reminder and the checklist" },
    'secrecy ack': { summary: 'sign the confidentiality pledge for this round' },
    'secrecy status': { summary: 'who has and has not signed the pledge for this round' },
  },
  args: {},
  messages: {
    title: (date) => `Confidentiality reminder (${date})`,
    todayRule: (id, title) => `Today's rule: ${id} ${title}`,
    checklistTitle: 'Confidentiality checklist:',
    checklist: [
      'Keep it to yourself (守口如瓶): no leaking, no loose talk, no tipping anyone off.',
      'The four absolute prohibitions (四个决不允许): no banquets, no gifts, no leaking secrets, no using public office for private gain.',
      'Do not copy, keep or take away inspection material or interview records.',
      'Return all material when the round ends (巡后清退).',
    ],
    yourPledge: (date, team) =>
      `${team ? `${team}: ` : ''}${date ? `you signed the pledge for this round on ${date}.` : 'you have not signed the pledge for this round yet: send /secrecy ack.'}`,
    signed: (round, date) => `Confidentiality pledge signed for this round (entry ${round}) on ${date}. Keep the rules.`,
    alreadySigned: (date, round) => `You already signed the pledge for this round (entry ${round}) on ${date}; nothing to do.`,
    noPeriod: "The team's period is not set, and the pledge is signed per round: set it first with /team period <entry date> <end date>.",
    statusTitle: (round, signed, total) => `Confidentiality pledge for this round (entry ${round}): ${signed} of ${total} signed`,
    signedPerson: (name, date) => `${name} (${date})`,
    signedLine: (people) => `Signed: ${people.length ? listEn(people) : 'nobody'}`,
    unsignedLine: (people) => `Not signed: ${people.length ? listEn(people) : 'nobody'}`,
    unsignedReminder: (people) => `Not yet signed the pledge for this round: ${listEn(people)}. Send /secrecy ack to sign.`,
  },
};
