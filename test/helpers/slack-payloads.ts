import { readFileSync } from 'node:fs';

// Shapes follow Slack's slash command, block_actions and view_submission references.
const fixtureDir = new URL('../fixtures/slack/', import.meta.url);

// Loosely typed on purpose: builders poke into nested fixture fields.
type Json = Record<string, any>;

/** A fresh copy of a fixture in test/fixtures/slack/. */
export function loadSlackFixture(name: 'slash-command' | 'block-actions' | 'view-submission'): Json {
  return JSON.parse(readFileSync(new URL(`${name}.json`, fixtureDir), 'utf8')) as Json;
}

/** Interactive payloads arrive urlencoded as a single `payload` field holding JSON. */
function asPayloadForm(payload: Json): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** The urlencoded body Slack posts for a slash command. */
export function slashCommand(o: {
  command?: string;
  text?: string;
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  channel_name?: string;
  response_url?: string;
  /** Slack makes one per command typed; the fixture's when not given. */
  trigger_id?: string;
} = {}): string {
  const fields = loadSlackFixture('slash-command') as Record<string, string>;
  for (const [key, value] of Object.entries(o)) if (value !== undefined) fields[key] = value;
  return new URLSearchParams(fields).toString();
}

/** The urlencoded `payload=` body of a button click in a channel message. */
export function blockAction(o: {
  user_id?: string;
  channel_id?: string;
  action_id?: string;
  value?: string;
  response_url?: string;
  /** Slack makes one per button press; the fixture's when not given. */
  trigger_id?: string;
} = {}): string {
  const p = loadSlackFixture('block-actions');
  const action = p.actions[0];
  if (o.user_id !== undefined) p.user.id = o.user_id;
  if (o.channel_id !== undefined) p.channel.id = p.container.channel_id = o.channel_id;
  if (o.action_id !== undefined) action.action_id = o.action_id;
  if (o.value !== undefined) action.value = o.value;
  if (o.response_url !== undefined) p.response_url = o.response_url;
  if (o.trigger_id !== undefined) p.trigger_id = o.trigger_id;
  return asPayloadForm(p);
}

/** Submitted input values: block_id → action_id → element state, e.g. `{ type: 'plain_text_input', value: '…' }`. */
export type ViewValues = Record<string, Record<string, Record<string, unknown>>>;

/** The urlencoded `payload=` body of a modal submission. */
export function viewSubmission(o: {
  user_id?: string;
  callback_id?: string;
  private_metadata?: string;
  values?: ViewValues;
  /** Slack makes one per submission; the fixture's when not given. */
  trigger_id?: string;
} = {}): string {
  const p = loadSlackFixture('view-submission');
  if (o.user_id !== undefined) p.user.id = o.user_id;
  if (o.callback_id !== undefined) p.view.callback_id = o.callback_id;
  if (o.private_metadata !== undefined) p.view.private_metadata = o.private_metadata;
  if (o.values !== undefined) p.view.state.values = o.values;
  if (o.trigger_id !== undefined) p.trigger_id = o.trigger_id;
  return asPayloadForm(p);
}
