import { z } from 'zod';
import { startupEn, type Words } from './i18n/startup.ts';
import { parseKey } from './store/seal.ts';

/**
 * A configuration mistake, found once at start-up: its words name the variable and what it expects, in
 * the configured language (main.ts); the message is the English words.
 */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  override name = 'ConfigError';
  constructor(readonly words: Words) {
    super(words(startupEn));
  }
}

const platformUser = /^[a-z]+:\S+$/;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** `HH:MM`, 24-hour. */
export function isClockTime(s: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(s);
}

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

// Each entry: the schema; what each variable expects is in the start-up texts (src/i18n/startup.ts).
const schema = z.object({
  XC_LANG: z.enum(['zh', 'en']).default('zh'),
  XC_TIMEZONE: z.string().trim().default('Asia/Shanghai').refine(isTimeZone),
  XC_STORE: z
    .string()
    .trim()
    .default('sqlite://data/xuncha.sqlite')
    .refine((s) => /^(sqlite|redis|rediss|postgres|postgresql):\/\/.+/.test(s)),
  // The person at the local console is the office by default, so a new user can try every command.
  XC_ADMINS: z
    .string()
    .default('console:me')
    .transform((s) => s.split(/[,\s]+/).filter(Boolean))
    .refine((list) => list.every((u) => platformUser.test(u))),
  XC_USER: z.string().trim().default('me').refine((s) => /^[^\s:]{1,64}$/.test(s)),
  XC_NOW: optionalText.refine((s) => s === undefined || !Number.isNaN(Date.parse(s))),
  XC_RULES: optionalText,
  XC_RULES_MODE: z.enum(['extend', 'replace']).default('extend'),
  XC_HOLIDAYS: optionalText,
  XC_TAXONOMY: optionalText,
  XC_FILES_DIR: z.string().trim().default('exports'),
  DIGEST_TIME: z.string().trim().default('08:30').refine(isClockTime),
  DIGEST_DAYS: z.coerce.number().int().min(0).max(30).default(3),
  ESCALATE_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  SECRECY_TIME: z.string().trim().default('08:00').refine(isClockTime),
  RECT_PLAN_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  RECT_REPORT_DAYS: z.coerce.number().int().min(1).max(365).default(60),
  DOC_RETURN_DAYS: z.coerce.number().int().min(0).max(60).default(2),
  CLUE_RESULT_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  SLACK_BOT_TOKEN: optionalText.refine((s) => s === undefined || /^xoxb-\S+$/.test(s)),
  SLACK_APP_TOKEN: optionalText.refine((s) => s === undefined || /^xapp-\S+$/.test(s)),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_API_URL: optionalText.refine((s) => s === undefined || /^https?:\/\/\S+$/.test(s)),
  TELEGRAM_BOT_TOKEN: optionalText.refine((s) => s === undefined || /^\d+:[\w-]{20,}$/.test(s)),
  TELEGRAM_WEBHOOK_URL: optionalText.refine((s) => s === undefined || /^https:\/\/\S+$/.test(s)),
  TELEGRAM_WEBHOOK_SECRET: optionalText.refine((s) => s === undefined || /^[A-Za-z0-9_-]{1,256}$/.test(s)),
  TELEGRAM_API_ROOT: optionalText.refine((s) => s === undefined || /^https?:\/\/\S+$/.test(s)),
  DINGTALK_CLIENT_ID: optionalText.refine((s) => s === undefined || /^\S{1,128}$/.test(s)),
  DINGTALK_CLIENT_SECRET: optionalText.refine((s) => s === undefined || /^\S{1,256}$/.test(s)),
  DINGTALK_ROBOT_CODE: optionalText.refine((s) => s === undefined || /^\S{1,128}$/.test(s)),
  DINGTALK_MODE: z.enum(['stream', 'http']).default('stream'),
  DINGTALK_API_URL: z.string().trim().default('https://api.dingtalk.com').refine((s) => /^https?:\/\/\S+$/.test(s)),
  DINGTALK_OAPI_URL: z.string().trim().default('https://oapi.dingtalk.com').refine((s) => /^https?:\/\/\S+$/.test(s)),
  XC_ENCRYPTION_KEY: optionalText.refine((s) => s === undefined || parseKey(s) !== undefined),
  XC_CONSOLE: z.enum(['auto', 'on', 'off']).default('auto'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FILE: optionalText,
});

/** A setting's name, as the environment spells it. */
export type ConfigVar = keyof z.input<typeof schema>;

const SECRETS = new Set<string>(['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET', 'DINGTALK_CLIENT_SECRET', 'XC_ENCRYPTION_KEY', 'XC_STORE']);

/** The bot's settings, parsed once from the environment. */
export interface Config {
  lang: 'zh' | 'en';
  timeZone: string;
  store: string;
  admins: readonly string[];
  consoleUser: string;
  now?: Date;
  rules?: { file: string; mode: 'extend' | 'replace' };
  /** The office's file of official holidays for years the built-in calendar does not cover (src/holidays.ts). */
  holidays?: string;
  /** The office's file of finding categories, tags and sources, extending or replacing the built-in ones (src/taxonomy.ts). */
  taxonomy?: string;
  filesDir: string;
  /** The daily digest: default time, how many days ahead counts as due soon, when overdue escalates. */
  digest: { time: string; days: number; escalateDays: number };
  /** The daily confidentiality reminder's time, on workdays of a round. */
  secrecyTime: string;
  /** Spans after feedback for the unit's rectification plan and report: examples, local rules differ. */
  round: { planDays: number; reportDays: number; docReturnDays: number };
  /** Days after a clue's handover by which the recipient's result (处置结果) is due; local rules differ. */
  clueResultDays: number;
  /** Slack, when SLACK_BOT_TOKEN is set: Socket Mode with an app token, else HTTP verified by the signing secret. */
  slack?: { botToken: string; appToken?: string; signingSecret?: string; apiUrl?: string };
  /** Telegram, when TELEGRAM_BOT_TOKEN is set: long polling, or a webhook checked against its secret. */
  telegram?: { token: string; webhookUrl?: string; webhookSecret?: string; apiRoot?: string };
  /**
   * DingTalk, when DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET are set: the robot of an internal app, by
   * Stream mode or by its HTTP callback checked with the secret; the two API hosts (stand-ins in tests).
   */
  dingtalk?: { clientId: string; clientSecret: string; robotCode: string; mode: 'stream' | 'http'; apiUrl: string; oapiUrl: string };
  /** The HTTP port for Slack's events (and Telegram's webhook, DingTalk's HTTP callback). */
  port: number;
  /** With a key, the store seals every record (AES-256-GCM). */
  encryptionKey?: Buffer;
  /** Whether the local console runs: by default only when no chat platform is configured. */
  console: boolean;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  logFile?: string;
}

/** Parse the environment into a frozen Config, or throw ConfigError naming the first wrong variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0]) as ConfigVar;
    // Tokens, secrets and a store URL (it may hold a password) are never echoed.
    const got = SECRETS.has(name) ? undefined : env[name];
    throw new ConfigError((t) => t.config(name, got));
  }
  const e = result.data;
  if (e.TELEGRAM_WEBHOOK_URL && !e.TELEGRAM_WEBHOOK_SECRET) {
    throw new ConfigError((t) => t.configMissing('TELEGRAM_WEBHOOK_SECRET'));
  }
  if (e.SLACK_BOT_TOKEN && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    throw new ConfigError((t) => t.configMissing('SLACK_SIGNING_SECRET'));
  }
  // Either one alone is a half-done setup: say which one is missing rather than run without DingTalk.
  if (e.DINGTALK_CLIENT_ID && !e.DINGTALK_CLIENT_SECRET) {
    throw new ConfigError((t) => t.configMissing('DINGTALK_CLIENT_SECRET'));
  }
  if (e.DINGTALK_CLIENT_SECRET && !e.DINGTALK_CLIENT_ID) {
    throw new ConfigError((t) => t.configMissing('DINGTALK_CLIENT_ID'));
  }
  return Object.freeze({
    lang: e.XC_LANG,
    timeZone: e.XC_TIMEZONE,
    store: e.XC_STORE,
    admins: Object.freeze(e.XC_ADMINS),
    consoleUser: e.XC_USER,
    now: e.XC_NOW ? new Date(e.XC_NOW) : undefined,
    rules: e.XC_RULES ? { file: e.XC_RULES, mode: e.XC_RULES_MODE } : undefined,
    holidays: e.XC_HOLIDAYS,
    taxonomy: e.XC_TAXONOMY,
    filesDir: e.XC_FILES_DIR,
    digest: Object.freeze({ time: e.DIGEST_TIME, days: e.DIGEST_DAYS, escalateDays: e.ESCALATE_DAYS }),
    secrecyTime: e.SECRECY_TIME,
    round: Object.freeze({ planDays: e.RECT_PLAN_DAYS, reportDays: e.RECT_REPORT_DAYS, docReturnDays: e.DOC_RETURN_DAYS }),
    clueResultDays: e.CLUE_RESULT_DAYS,
    slack: e.SLACK_BOT_TOKEN
      ? Object.freeze({ botToken: e.SLACK_BOT_TOKEN, appToken: e.SLACK_APP_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET, apiUrl: e.SLACK_API_URL })
      : undefined,
    telegram: e.TELEGRAM_BOT_TOKEN
      ? Object.freeze({ token: e.TELEGRAM_BOT_TOKEN, webhookUrl: e.TELEGRAM_WEBHOOK_URL, webhookSecret: e.TELEGRAM_WEBHOOK_SECRET, apiRoot: e.TELEGRAM_API_ROOT })
      : undefined,
    dingtalk:
      e.DINGTALK_CLIENT_ID && e.DINGTALK_CLIENT_SECRET
        ? Object.freeze({
            clientId: e.DINGTALK_CLIENT_ID,
            clientSecret: e.DINGTALK_CLIENT_SECRET,
            robotCode: e.DINGTALK_ROBOT_CODE ?? e.DINGTALK_CLIENT_ID,
            mode: e.DINGTALK_MODE,
            apiUrl: e.DINGTALK_API_URL.replace(/\/+$/, ''),
            oapiUrl: e.DINGTALK_OAPI_URL.replace(/\/+$/, ''),
          })
        : undefined,
    encryptionKey: e.XC_ENCRYPTION_KEY ? parseKey(e.XC_ENCRYPTION_KEY) : undefined,
    port: e.PORT,
    console: e.XC_CONSOLE === 'on' || (e.XC_CONSOLE === 'auto' && !e.SLACK_BOT_TOKEN && !e.TELEGRAM_BOT_TOKEN && !e.DINGTALK_CLIENT_ID),
    logLevel: e.LOG_LEVEL,
    logFile: e.LOG_FILE,
  });
}
