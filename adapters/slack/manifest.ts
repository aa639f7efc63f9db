/**
 * The Slack app manifests (manifest.http.json, manifest.socket.json), made from the command definitions:
 * one slash command per family, with its line and what may follow it. `npm run manifests` writes them;
 * a test fails when a checked-in one is stale.
 */
import type { AnyCommand } from '../../src/command.ts';
import { messages } from '../../src/i18n/index.ts';
import { familyLines } from '../../src/usage.ts';

/** Where Slack sends events, slash commands and interactions in HTTP mode; the admin puts in their host. */
const REQUEST_URL = 'https://YOUR-HOST/slack/events';

/** The scopes the adapter uses and no more: post, post where not invited, commands, DMs, names, files. */
const SCOPES = ['commands', 'chat:write', 'chat:write.public', 'im:write', 'users:read', 'files:write'];

/** How Slack reaches the bot: HTTP requests to a public URL, or Socket Mode (no public address). */
export type SlackMode = 'http' | 'socket';

/** The manifest file of each mode. */
export const MANIFEST_FILES: Readonly<Record<SlackMode, string>> = { http: 'adapters/slack/manifest.http.json', socket: 'adapters/slack/manifest.socket.json' };

/** The app manifest for `mode`; the app is set up in Chinese, the default language. */
export function slackManifest(commands: readonly AnyCommand[], mode: SlackMode) {
  const url = mode === 'http' ? { url: REQUEST_URL } : {};
  return {
    display_information: { name: '巡察助手', description: '巡察组的问题、整改、调阅、保密与每日提醒助手', background_color: '#8b0000' },
    features: {
      bot_user: { display_name: '巡察助手', always_online: true },
      slash_commands: familyLines(commands, messages('zh')).map((line) => ({
        command: `/${line.family}`,
        description: line.summary,
        ...(line.hint && { usage_hint: line.hint }),
        // Mentions arrive as <@U123>: the adapter reads people by id, never by a display name.
        should_escape: true,
        ...url,
      })),
    },
    oauth_config: { scopes: { bot: SCOPES } },
    settings: {
      interactivity: { is_enabled: true, ...(mode === 'http' && { request_url: REQUEST_URL }) },
      org_deploy_enabled: false,
      socket_mode_enabled: mode === 'socket',
      token_rotation_enabled: false,
    },
  };
}

/** A manifest as its file holds it. */
export const manifestText = (commands: readonly AnyCommand[], mode: SlackMode) => `${JSON.stringify(slackManifest(commands, mode), null, 2)}\n`;
