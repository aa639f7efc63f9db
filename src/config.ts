import { z } from 'zod';

/** A configuration mistake, found once at start-up; the message names the variable and what it expects. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  override name = 'ConfigError';
}

const platformUser = /^(console|slack|telegram):\S+$/;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

// Each entry: the schema and, for the error sentence, what the variable expects.
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
  XC_FILES_DIR: z.string().trim().default('exports'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FILE: optionalText,
});

const expects: Record<keyof z.input<typeof schema>, string> = {
  XC_LANG: '"zh" or "en"',
  XC_TIMEZONE: 'an IANA time zone such as Asia/Shanghai',
  XC_STORE: 'a Keyv connection URL: sqlite://path, redis://host:port or postgres://…',
  XC_ADMINS: 'platform user ids separated by commas, such as slack:U123,telegram:42,console:me',
  XC_USER: 'a console user name without spaces or colons',
  XC_NOW: 'an ISO date-time such as 2026-11-25T08:00:00+08:00',
  XC_RULES: 'the path of a rulebook JSON file',
  XC_RULES_MODE: '"extend" or "replace"',
  XC_FILES_DIR: 'a folder for exported files',
  LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent',
  LOG_FILE: 'a file path for the logs',
};

/** The bot's settings, parsed once from the environment. */
export interface Config {
  lang: 'zh' | 'en';
  timeZone: string;
  store: string;
  admins: readonly string[];
  consoleUser: string;
  now?: Date;
  rules?: { file: string; mode: 'extend' | 'replace' };
  filesDir: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  logFile?: string;
}

/** Parse the environment into a frozen Config, or throw ConfigError naming the first wrong variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0]) as keyof typeof expects;
    const got = env[name];
    throw new ConfigError(
      `${name} is not valid: expected ${expects[name]}${got === undefined ? '' : `, got "${got}"`}.`,
    );
  }
  const e = result.data;
  return Object.freeze({
    lang: e.XC_LANG,
    timeZone: e.XC_TIMEZONE,
    store: e.XC_STORE,
    admins: Object.freeze(e.XC_ADMINS),
    consoleUser: e.XC_USER,
    now: e.XC_NOW ? new Date(e.XC_NOW) : undefined,
    rules: e.XC_RULES ? { file: e.XC_RULES, mode: e.XC_RULES_MODE } : undefined,
    filesDir: e.XC_FILES_DIR,
    logLevel: e.LOG_LEVEL,
    logFile: e.LOG_FILE,
  });
}
