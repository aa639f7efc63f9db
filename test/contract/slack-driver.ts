import { createSlackHarness, state, type SlackDelivery, type SlackHarness } from '../helpers/slack-harness.ts';
import {
  DISPLAY_NAMES, expandUsers, LOGICAL_USERS, runDigestJob,
  type AnyChat, type Delivery, type DeliveryButton, type FormAnswers, type InteractiveDriver, type InteractiveDriverFactory,
  type LogicalChat, type LogicalUser,
} from './driver.ts';

/** Slack user ids of the cast, and their Slack user names (the `|name` Slack puts in an escaped mention). */
const IDS: Record<LogicalUser, string> = { admin: 'UADMIN', leader: 'ULEAD', member: 'UMEMBER', liaison: 'ULIAISON', outsider: 'UOUTSIDER', deputy: 'UDEPUTY', supervisor: 'USUPER' };
const HANDLES: Record<LogicalUser, string> = { admin: 'zhouzr', leader: 'wangqiang', member: 'lina', liaison: 'zhaomin', outsider: 'chenlu', deputy: 'sunli', supervisor: 'qianjin' };
const CHANNELS: Record<Exclude<LogicalChat, 'dm'>, string> = { team: 'CTEAM', other: 'COTHER' };
/**
 * A direct message between two people (the leader and the liaison), where a slash command may be typed
 * too: not the DM the stand-in's conversations.open answers for anyone, so not the bot's own chat.
 */
const HUMAN_DM = 'DHUMAN1';
const HUMAN_MEMBERS: readonly LogicalUser[] = ['leader', 'liaison'];

/** The DM channel the stand-in's conversations.open answers for a user: ULEAD → DLEAD. */
const dmOf = (user: LogicalUser) => `D${IDS[user].slice(1)}`;
const userOfId = (id?: string) => LOGICAL_USERS.find((u) => IDS[u] === id);
const userOfDm = (channel?: string) => LOGICAL_USERS.find((u) => dmOf(u) === channel);
const chatOf = (channel?: string) => (Object.keys(CHANNELS) as Array<keyof typeof CHANNELS>).find((k) => CHANNELS[k] === channel);

/** The chat a channel is, in neutral terms: a group, the human DM, or someone's DM with the bot. */
function placeOf(channel?: string): AnyChat | undefined {
  if (channel === HUMAN_DM) return 'human';
  return chatOf(channel) ?? (userOfDm(channel) ? 'dm' : undefined);
}

/** The channel a neutral chat is on Slack, for `user`. */
function channelOf(user: LogicalUser, chat: AnyChat): string {
  if (chat === 'human') return HUMAN_DM;
  return chat === 'dm' ? dmOf(user) : CHANNELS[chat];
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** What a person sees of Block Kit: the text of its sections (the first, the title, in bold). */
function blockText(blocks: unknown[]): string {
  const texts: string[] = [];
  for (const b of blocks as Array<{ type?: string; text?: { text?: string }; elements?: Array<{ text?: string | { text?: string } }> }>) {
    if (b.text?.text) texts.push(b.text.text);
    else if (b.type === 'context') for (const e of b.elements ?? []) if (typeof e.text === 'string') texts.push(e.text);
  }
  return unescape(texts.join('\n').replace(/^\*(.*)\*(?=\n|$)/, '$1'));
}

/** The buttons of a message's `actions` blocks: label, and the command in the button's value. */
function blockButtons(blocks: unknown[] | undefined): DeliveryButton[] | undefined {
  const buttons: DeliveryButton[] = [];
  for (const b of (blocks ?? []) as Array<{ type?: string; elements?: Array<{ type?: string; text?: { text?: string }; value?: string }> }>) {
    if (b.type !== 'actions') continue;
    for (const e of b.elements ?? []) if (e.type === 'button') buttons.push({ label: unescape(e.text?.text ?? ''), ...(e.value && { command: e.value }) });
  }
  return buttons.length ? buttons : undefined;
}

/**
 * The message as delivered: its blocks where it has them (what the channel shows), and its `text`
 * (what notifications show) when that says something the blocks do not.
 */
function visible(d: SlackDelivery): string {
  const shown = d.blocks?.length ? blockText(d.blocks) : '';
  if (!shown) return d.text;
  return shown === d.text || !d.text ? shown : `${shown}\n${d.text}`;
}

/** Slack's idiom in neutral terms: a channel message is for the group; ephemeral and DMs for one person. */
export function fromSlack(d: SlackDelivery): Delivery {
  const file = d.file === undefined ? {} : { file: d.file, ...(d.data && { data: d.data }) };
  const place = placeOf(d.channel);
  const extra = { ...(place && { where: place }), ...(blockButtons(d.blocks) && { buttons: blockButtons(d.blocks) }) };
  if (d.where === 'modal') return { to: 'private', user: userOfId(d.user), text: d.text, form: true, ...(place && { where: place }) };
  const text = visible(d);
  // A DM between two people is a chat of two: whatever the bot posts there, both of them see.
  if (d.channel === HUMAN_DM && d.where !== 'ephemeral') return { to: 'group', chat: 'human', text, ...file, ...extra };
  if (d.where === 'channel') {
    // A message "in the channel" of a DM is still seen by that one person only.
    const inDm = userOfDm(d.channel);
    if (inDm || d.channel?.startsWith('D')) return { to: 'private', user: inDm, text, ...file, ...extra };
    return { to: 'group', chat: chatOf(d.channel), text, ...file, ...extra };
  }
  const user = d.where === 'dm' ? (userOfId(d.user) ?? userOfDm(d.channel)) : userOfId(d.user);
  return { to: 'private', user, text, ...file, ...extra };
}

/** The ISO date (in +08:00, the bot's time zone) `days` after the instant `now`. */
function localDatePlus(now: Date, days: number): string {
  return new Date(now.getTime() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

type ModalBlock = { block_id?: string; optional?: boolean; element?: { type?: string; options?: Array<{ value?: string }> } };

/**
 * Slack through a real Bolt App on our HTTP server: each `say` is a correctly signed slash command
 * from the user's U… id in CTEAM, COTHER or their D… channel; replies, ephemerals, DMs and uploads
 * are read back from the slash command's HTTP response and the stand-in Web API's record of calls.
 */
export const slackDriver: InteractiveDriverFactory = function slackDriver(): InteractiveDriver {
  return slackOver('http');
};

/** The same driver over Socket Mode: each command and interaction an envelope on the stand-in WebSocket. */
export const slackSocketDriver: InteractiveDriverFactory = function slackSocketDriver(): InteractiveDriver {
  return slackOver('socket');
};

/** Slack through a real Bolt App, by HTTP (signed requests to our server) or Socket Mode. */
function slackOver(transport: 'http' | 'socket'): InteractiveDriver {
  let s: SlackHarness | undefined;
  const mention = (u: LogicalUser) => `<@${IDS[u]}|${HANDLES[u]}>`;
  /** The modal each user has open, with the channel it was opened from. */
  const modals = new Map<LogicalUser, { channel: string; command: string; blocks: ModalBlock[] }>();

  /** What reached Slack since `since`, modals included; remembers each user's open modal. */
  function since(at: number): Delivery[] {
    const raw = s!.deliveries(at, { modals: true });
    for (const d of raw) {
      const user = userOfId(d.user);
      if (d.where !== 'modal' || !user) continue;
      const open = s!.api.calls.slice(at).filter((c) => c.method === 'views.open' && !c.failed).at(-1);
      const view = (open?.body.view ?? {}) as { private_metadata?: string };
      const meta = JSON.parse(view.private_metadata ?? '{}') as { command?: string; channel?: string };
      modals.set(user, { channel: meta.channel ?? d.channel ?? '', command: meta.command ?? '', blocks: (d.blocks ?? []) as ModalBlock[] });
    }
    return raw.map(fromSlack);
  }

  /** A modal's state values for `answers`: each input block filled as a person would, by its element type. */
  function modalValues(blocks: ModalBlock[], answers: FormAnswers): Record<string, Record<string, Record<string, unknown>>> {
    const values: Record<string, Record<string, Record<string, unknown>>> = {};
    for (const b of blocks) {
      const name = b.block_id ?? '';
      const answer = answers[name];
      const el = b.element ?? {};
      switch (el.type) {
        case 'static_select': {
          const options = (el.options ?? []).map((o) => o.value ?? '');
          const chosen = typeof answer === 'string' && options.includes(answer) ? answer : b.optional && answer === undefined ? null : (options[0] ?? null);
          values[name] = state.select(chosen);
          break;
        }
        case 'datepicker': {
          const days = typeof answer === 'string' ? /^\+(\d+)d$/.exec(answer) : null;
          values[name] = state.date(days ? localDatePlus(s!.h.clock.now(), Number(days[1])) : typeof answer === 'string' ? answer : null);
          break;
        }
        case 'users_select': {
          const who = typeof answer === 'string' ? /^\{(\w+)\}$/.exec(answer)?.[1] : undefined;
          values[name] = state.user(who && who in IDS ? IDS[who as LogicalUser] : null);
          break;
        }
        case 'checkboxes':
          values[name] = state.flag(answer === true);
          break;
        default:
          values[name] = state.text(typeof answer === 'string' ? expandUsers(answer, mention) : null);
      }
    }
    return values;
  }

  const driver: InteractiveDriver = {
    name: transport === 'http' ? 'slack' : 'slack-socket',
    async setup() {
      s = await createSlackHarness({ env: { XC_ADMINS: `slack:${IDS.admin}` }, transport });
      for (const u of LOGICAL_USERS) s.api.setUser(IDS[u], { name: HANDLES[u], real_name: DISPLAY_NAMES[u], display_name: DISPLAY_NAMES[u] });
    },
    async say(user, chat, line) {
      const since = s!.api.calls.length;
      const channel = chat === 'dm' ? dmOf(user) : CHANNELS[chat];
      const res = await s!.slash(IDS[user], channel, expandUsers(line, mention));
      if (res.status !== 200) throw new Error(`Slack answered ${res.status} ${res.body} to ${line.slice(0, 80)}`);
      return s!.deliveries(since).map(fromSlack);
    },
    userId: (user) => `slack:${IDS[user]}`,
    extraChats: { human: HUMAN_MEMBERS },
    async sayIn(user, chat, line) {
      const at = s!.api.calls.length;
      const typed = expandUsers(line, mention);
      const res = await s!.slash(IDS[user], channelOf(user, chat), typed);
      if (res.status !== 200) throw new Error(`Slack answered ${res.status} ${res.body} to ${line.slice(0, 80)}`);
      const out = since(at);
      // Slack shows the command as typed to the whole conversation when it is answered in_channel.
      const inChannel = s!.api.calls.slice(at).some((c) => (c.method === 'ack' || c.method === 'respond') && c.body.response_type === 'in_channel');
      if (chat === 'human' && inChannel) out.unshift({ to: 'group', chat: 'human', where: 'human', text: line, echo: true });
      return out;
    },
    async press(user, on, button) {
      const chat = on.where ?? (on.to === 'group' ? on.chat : 'dm');
      if (!button.command || !chat) return [];
      const at = s!.api.calls.length;
      await s!.click(IDS[user], channelOf(user, chat), button.command);
      return since(at);
    },
    async fill(user, _chat, answers) {
      const modal = modals.get(user);
      if (!modal) return [];
      const at = s!.api.calls.length;
      const res = await s!.submit(IDS[user], modal.channel, modal.command, modalValues(modal.blocks, answers));
      const out = since(at);
      const body = res.body ? (JSON.parse(res.body) as { response_action?: string; errors?: Record<string, string> }) : {};
      // Errors are shown inside the modal, which stays open, to the one who submitted it.
      if (body.response_action === 'errors') {
        const place = placeOf(modal.channel);
        out.push({ to: 'private', user, text: Object.values(body.errors ?? {}).join('\n'), form: true, ...(place && { where: place }) });
      } else modals.delete(user);
      return out;
    },
    async digest(at) {
      const since = s!.api.calls.length;
      await runDigestJob(s!.h, at);
      return s!.deliveries(since).map(fromSlack);
    },
    store: () => s!.h,
    async close() {
      await s?.close();
    },
  };
  return driver;
};
