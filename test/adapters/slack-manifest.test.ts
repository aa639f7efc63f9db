import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allCommands } from '../../commands/index.ts';

const families = [...new Set(allCommands.map((c) => c.family))].map((f) => `/${f}`).sort();

describe.each(['manifest.socket.json', 'manifest.http.json'])('Slack app %s', (file) => {
  const manifest = JSON.parse(readFileSync(`adapters/slack/${file}`, 'utf8'));

  it('declares exactly one slash command per command family, escaping mentions', () => {
    const commands = manifest.features.slash_commands as Array<{ command: string; should_escape: boolean; description: string }>;
    expect(commands.map((c) => c.command).sort()).toEqual(families);
    expect(commands.every((c) => c.should_escape && c.description.length > 0 && c.description.length <= 100)).toBe(true);
  });

  it('asks for the scopes the adapter uses and no more', () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(['chat:write', 'chat:write.public', 'commands', 'files:write', 'im:write', 'users:read']);
  });

  it('enables interactivity for buttons and modals, in the right mode', () => {
    const socket = file.includes('socket');
    expect(manifest.settings.socket_mode_enabled).toBe(socket);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    const urls = [manifest.settings.interactivity.request_url, ...manifest.features.slash_commands.map((c: { url?: string }) => c.url)];
    expect(urls.every((u) => (socket ? u === undefined : u === 'https://YOUR-HOST/slack/events'))).toBe(true);
  });
});
