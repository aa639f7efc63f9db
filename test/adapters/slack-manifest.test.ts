import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manifestText, MANIFEST_FILES, slackManifest, type SlackMode } from '../../adapters/slack/manifest.ts';
import { allCommands } from '../../commands/index.ts';

const families = [...new Set(allCommands.map((c) => c.family))].map((f) => `/${f}`).sort();

describe.each(['socket', 'http'] as SlackMode[])('Slack app manifest (%s)', (mode) => {
  const manifest = slackManifest(allCommands, mode);

  it('is checked in as the command definitions make it (npm run manifests writes it)', () => {
    expect(readFileSync(MANIFEST_FILES[mode], 'utf8')).toBe(manifestText(allCommands, mode));
  });

  it('declares exactly one slash command per command family, escaping mentions', () => {
    const commands = manifest.features.slash_commands;
    expect(commands.map((c) => c.command).sort()).toEqual(families);
    expect(commands.every((c) => c.should_escape && c.description.length > 0 && c.description.length <= 100)).toBe(true);
    // Slack shows the hint after the command: a family's subcommands, or its one command's arguments.
    expect(commands.find((c) => c.command === '/finding')?.usage_hint).toBe('add|list|show|edit|review|confirm|clue|handover|receipt|result …');
    expect(commands.find((c) => c.command === '/team')?.usage_hint).toBe('[create|bind|add|remove|unit add|period|received] …');
    expect(commands.find((c) => c.command === '/help')?.usage_hint).toBe('[命令]');
    expect(commands.find((c) => c.command === '/export')).not.toHaveProperty('usage_hint');
  });

  it('asks for the scopes the adapter uses and no more', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(['chat:write', 'chat:write.public', 'commands', 'files:write', 'im:write', 'users:read']);
  });

  it('enables interactivity for buttons and modals, in the right mode', () => {
    const socket = mode === 'socket';
    expect(manifest.settings.socket_mode_enabled).toBe(socket);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    const interactivity: { request_url?: string } = manifest.settings.interactivity;
    const urls = [interactivity.request_url, ...manifest.features.slash_commands.map((c: { url?: string }) => c.url)];
    expect(urls.every((u) => (socket ? u === undefined : u === 'https://YOUR-HOST/slack/events'))).toBe(true);
  });
});
