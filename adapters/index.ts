/**
 * Every platform xuncha runs on. main.ts builds the configured ones from this list, the bot reads
 * command lines with their identity rules, and the contract suite runs its scenarios over each.
 */
import type { Identities, PlatformEntry } from '../src/adapter.ts';
import type { Platform } from '../src/types.ts';
import { consoleIdentities } from './console/identities.ts';
import { dingtalkIdentities } from './dingtalk/identities.ts';
import { slackIdentities } from './slack/identities.ts';
import { telegramIdentities } from './telegram/identities.ts';

/** The platforms a configuration turns on. Each SDK is loaded only then: Bolt and grammY cost about 0.35 s and 20 MB to load. */
export const PLATFORMS: readonly PlatformEntry[] = [
  {
    platform: 'slack',
    identities: slackIdentities,
    enabled: (config) => Boolean(config.slack),
    async load() {
      const { createSlackAdapter } = await import('./slack/slack.ts');
      return ({ bot, config, log, families }) => createSlackAdapter({ bot, slack: config.slack!, log, families });
    },
  },
  {
    platform: 'telegram',
    identities: telegramIdentities,
    enabled: (config) => Boolean(config.telegram),
    async load() {
      const { createTelegramAdapter } = await import('./telegram/telegram.ts');
      return ({ bot, config, log, families }) => createTelegramAdapter({ bot, telegram: config.telegram!, log, families });
    },
  },
  {
    platform: 'dingtalk',
    identities: dingtalkIdentities,
    enabled: (config) => Boolean(config.dingtalk),
    async load() {
      const { createDingTalkAdapter } = await import('./dingtalk/dingtalk.ts');
      return (deps) => createDingTalkAdapter(deps);
    },
  },
];

/** Each platform's identity rules, the console's included: what createBot takes as `identities`. */
export const IDENTITIES: Readonly<Record<Platform, Identities>> = {
  console: consoleIdentities,
  ...Object.fromEntries(PLATFORMS.map((p) => [p.platform, p.identities])),
};
