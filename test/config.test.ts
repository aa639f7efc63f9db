import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  it('has working defaults for a new machine', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      lang: 'zh',
      timeZone: 'Asia/Shanghai',
      store: 'sqlite://data/xuncha.sqlite',
      admins: ['console:me'],
      consoleUser: 'me',
      filesDir: 'exports',
      logLevel: 'info',
      clueResultDays: 90,
    });
    expect(c.now).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
  });
  it('reads every setting', () => {
    const c = loadConfig({
      XC_LANG: 'en', XC_TIMEZONE: 'Asia/Urumqi', XC_STORE: 'sqlite:///tmp/x.sqlite', XC_ADMINS: 'slack:U1, telegram:42',
      XC_USER: '张三', XC_NOW: '2026-11-25T08:00:00+08:00', XC_RULES: 'rules.json', XC_RULES_MODE: 'replace',
      XC_TAXONOMY: 'taxonomy.json', XC_FILES_DIR: '/tmp/out', LOG_LEVEL: 'warn', LOG_FILE: '/tmp/x.log',
    });
    expect(c).toMatchObject({ lang: 'en', timeZone: 'Asia/Urumqi', admins: ['slack:U1', 'telegram:42'], consoleUser: '张三', rules: { file: 'rules.json', mode: 'replace' }, taxonomy: 'taxonomy.json' });
    expect(c.now?.toISOString()).toBe('2026-11-25T00:00:00.000Z');
  });
  it.each([
    ['XC_TIMEZONE', 'Mars/Olympus', 'IANA time zone'],
    ['XC_LANG', 'fr', '"zh" or "en"'],
    ['XC_ADMINS', 'U123', 'platform user ids'],
    ['XC_NOW', 'yesterday', 'ISO date-time'],
    ['LOG_LEVEL', 'loud', 'one of fatal'],
    ['CLUE_RESULT_DAYS', '0', 'a whole number of days from 1 to 3650'],
  ])('refuses a wrong %s with a sentence naming it', (name, value, expects) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name} is not valid: expected .*${expects.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*got "${value}"`));
  });

  it('never echoes a token or a store URL that may hold a password', () => {
    const cases: Array<[string, string]> = [['SLACK_BOT_TOKEN', 'xoxp-secret-user-token'], ['SLACK_APP_TOKEN', 'nope-secret'], ['XC_STORE', 'mysql://root:hunter2@db'], ['XC_ENCRYPTION_KEY', 'short-secret']];
    for (const [name, value] of cases) {
      expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name} is not valid: expected [^"]*\\.$`));
      expect(() => loadConfig({ [name]: value })).not.toThrow(/secret|hunter2/);
    }
  });

  it('needs the signing secret for Slack over HTTP, not in Socket Mode', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/^SLACK_SIGNING_SECRET is not valid/);
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack).toEqual({ botToken: 'xoxb-1', appToken: 'xapp-1', signingSecret: undefined, apiUrl: undefined });
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PORT: '8080' })).toMatchObject({ port: 8080, slack: { signingSecret: 's' } });
    expect(loadConfig({}).slack).toBeUndefined();
  });

  it('reads Telegram settings; a webhook needs its secret; the console steps aside for a platform', () => {
    const token = '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_URL: 'https://x.org/hook' })).toThrow(/^TELEGRAM_WEBHOOK_SECRET is not valid/);
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: 'not-a-token' })).toThrow(/^TELEGRAM_BOT_TOKEN is not valid: expected [^"]*\.$/);
    const c = loadConfig({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_URL: 'https://x.org/hook', TELEGRAM_WEBHOOK_SECRET: 's_1' });
    expect(c.telegram).toEqual({ token, webhookUrl: 'https://x.org/hook', webhookSecret: 's_1', apiRoot: undefined });
    expect(c.console).toBe(false);
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: token, XC_CONSOLE: 'on' }).console).toBe(true);
    expect(loadConfig({}).console).toBe(true);
  });
});
