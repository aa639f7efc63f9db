import type { Form, FormField, FormValues } from '../../src/forms.ts';
import type { Reply } from '../../src/types.ts';

/** Block Kit limits: section text length and option text length. */
const SECTION_MAX = 2900;
const OPTION_MAX = 75;

/** Escape the three characters Slack's mrkdwn treats as markup. */
export function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function chunks(lines: string[]): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of lines) {
    const piece = line.length > SECTION_MAX ? `${line.slice(0, SECTION_MAX - 1)}…` : line;
    if (current && current.length + piece.length + 1 > SECTION_MAX) {
      out.push(current);
      current = '';
    }
    current = current ? `${current}\n${piece}` : piece;
  }
  if (current) out.push(current);
  return out;
}

/**
 * A reply as Block Kit: its first line bold, as the card's title (a reference and state, a list's
 * count), the rest in sections, and its actions as buttons that carry the command to run.
 */
export function toBlocks(reply: Reply): { text: string; blocks: object[] } {
  const [title = '', ...rest] = reply.text.split('\n');
  const blocks: object[] = [{ type: 'section', text: { type: 'mrkdwn', text: `*${escape(title)}*` } }];
  for (const chunk of chunks(rest.map(escape))) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
  if (reply.actions?.length) {
    blocks.push({
      type: 'actions',
      elements: reply.actions.slice(0, 5).map((a, i) => ({
        type: 'button',
        action_id: `xc_action_${i}`,
        text: { type: 'plain_text', text: a.label },
        value: a.command,
        ...(a.style && { style: a.style }),
      })),
    });
  }
  // The fallback text (notifications, clients without blocks) is mrkdwn too: unescaped, a typed
  // <!channel> or <@U123> in a finding would ping the channel or that person.
  return { text: escape(reply.text), blocks: blocks.slice(0, 50) };
}

/** What a modal carries between opening and submission. */
export interface FormMetadata {
  command: string;
  channel: string;
}

function element(field: FormField): object {
  const options = (field.options ?? []).slice(0, 100).map((o) => ({
    text: { type: 'plain_text', text: o.label.slice(0, OPTION_MAX) },
    value: o.value.slice(0, 150),
  }));
  switch (field.kind) {
    case 'select':
      // A select needs at least one option; with none the person types the value.
      return options.length ? { type: 'static_select', action_id: 'value', options } : { type: 'plain_text_input', action_id: 'value' };
    case 'longText':
      return { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 2000 };
    case 'date':
      return { type: 'datepicker', action_id: 'value' };
    case 'user':
      return { type: 'users_select', action_id: 'value' };
    case 'flag':
      return { type: 'checkboxes', action_id: 'value', options: [{ text: { type: 'plain_text', text: field.label }, value: 'yes' }] };
    case 'text':
      return { type: 'plain_text_input', action_id: 'value' };
  }
}

/** A form as a Slack modal; each field an input block named after the argument it fills. */
export function toModal(form: Form, meta: FormMetadata, labels: { submit: string; cancel: string }): object {
  return {
    type: 'modal',
    callback_id: 'xc_form',
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: form.title.slice(0, 24) },
    submit: { type: 'plain_text', text: labels.submit },
    close: { type: 'plain_text', text: labels.cancel },
    blocks: form.fields.map((f) => ({
      type: 'input',
      block_id: f.name,
      optional: f.optional ?? false,
      label: { type: 'plain_text', text: f.label },
      element: element(f),
    })),
  };
}

interface StateValue {
  type: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_date?: string | null;
  selected_user?: string | null;
  selected_options?: Array<{ value: string }>;
}

/** The values of a submitted modal, as the command expects them (a user as a mention). */
export function formValues(state: Record<string, Record<string, StateValue>>): FormValues {
  const values: FormValues = {};
  for (const [name, actions] of Object.entries(state)) {
    const v = actions.value;
    if (!v) continue;
    if (v.type === 'checkboxes') values[name] = (v.selected_options ?? []).length > 0;
    else if (v.type === 'users_select') values[name] = v.selected_user ? `<@${v.selected_user}>` : undefined;
    else values[name] = v.selected_option?.value ?? v.selected_date ?? v.value ?? undefined;
  }
  return values;
}
