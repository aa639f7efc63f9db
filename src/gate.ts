/**
 * The gate on the way out. Every reply, notice, digest, form and file passes it before it leaves the
 * core, and it alone decides whether the audience of its destination may read what it quotes: the
 * asker alone, one person's DM with the bot, or a team's group chat read by the whole roster. What may
 * not go to a group goes to the asker privately; what may not reach a person does not leave at all.
 * Reading a clue is audited here, for every command at once.
 */
import type { AuditEntry } from './audit.ts';
import type { Clock } from './clock.ts';
import { todayIn, type IsoDate } from './dates.ts';
import type { DocSummary } from './doc-request.ts';
import type { FindingSummary } from './finding.ts';
import type { Form, FormOption } from './forms.ts';
import type { MatterSummary } from './important-matter.ts';
import type { Logger } from './logger.ts';
import type { ReadLog } from './reads.ts';
import type { TaskSummary } from './rectification.ts';
import { refOf } from './refs.ts';
import type { Team } from './team.ts';
import type { Incoming, Outgoing, Reply, UserId, Visibility } from './types.ts';
import { audienceAccess, covers, findingFacts, hasSupervisor, isClueLevel, matterFacts, taskFacts, type Access, type Audience, type Facts, type Quote } from './visibility.ts';

/** What the gate reads: teams by id and by chat, the teams' indexes, and the audit log it writes to. */
export interface GateDeps {
  teams: { get(id: string): Promise<Team | undefined>; byChat(chat: string): Promise<Team | undefined> };
  findings: { summaries(team: string): Promise<FindingSummary[]> };
  rectifications: { summaries(team: string): Promise<TaskSummary[]> };
  docs: { summaries(team: string): Promise<DocSummary[]> };
  matters: { summaries(team: string): Promise<MatterSummary[]> };
  audit: { recordMany(team: string, entries: AuditEntry[]): Promise<void> };
  admins: ReadonlySet<UserId>;
  clock: Clock;
  timeZone: string;
  log: Logger;
  /** The one sentence the asker gets instead of a reply that may reach nobody: it should never be needed. */
  withheld: string;
}

export interface Gate {
  /** A command's replies, each let out where its audience may read it, else to the asker alone, else not at all. */
  replies(incoming: Incoming, replies: readonly Reply[], reads?: ReadLog): Promise<Reply[]>;
  /** Messages the bot starts itself (notices, digests, reminders): each kept only if its recipients may read it. */
  outgoing(messages: readonly Outgoing[], reads?: ReadLog): Promise<Outgoing[]>;
  /** A form as the audience that will see it may see it: options naming records shown in full, as a reference, or not at all. */
  form(form: Form, audience: Audience): Promise<Form>;
  /** Who sees a reply of this visibility to this command. */
  audienceOf(incoming: Incoming, visibility: Visibility): Promise<Audience>;
}

/**
 * The facts of every quoted record: as the command itself last read or wrote it (`reads`), else read
 * once per gate call from the team's indexes.
 */
function createLookup(deps: GateDeps, reads?: ReadLog) {
  const teams = new Map<string, Promise<Team | undefined>>();
  const indexes = new Map<string, Promise<Map<number, unknown>>>();
  const byN = <S extends { n: number }>(list: Promise<S[]>) => list.then((all) => new Map(all.map((s) => [s.n, s] as const)));
  const index = <S>(kind: string, team: string, read: () => Promise<Map<number, S>>): Promise<Map<number, S>> => {
    const k = `${kind}:${team}`;
    if (!indexes.has(k)) indexes.set(k, read());
    return indexes.get(k) as Promise<Map<number, S>>;
  };
  const findingsOf = (team: string) => index<FindingSummary>('finding', team, () => byN(deps.findings.summaries(team)));
  const tasksOf = (team: string) => index<TaskSummary>('task', team, () => byN(deps.rectifications.summaries(team)));
  const docsOf = (team: string) => index<DocSummary>('doc', team, () => byN(deps.docs.summaries(team)));
  const mattersOf = (team: string) => index<MatterSummary>('matter', team, () => byN(deps.matters.summaries(team)));

  /** A finding's facts, as the command saw it or as its team's index has it. */
  const finding = async (team: string, n: number) => {
    const seen = reads?.facts('finding', team, n);
    return seen?.kind === 'finding' ? seen : (await findingsOf(team)).get(n);
  };
  /** The team and the facts of a quote; undefined for a record or team that does not exist (never shown). */
  async function facts(q: Quote): Promise<{ team: Team; facts: Facts } | undefined> {
    if (!teams.has(q.team)) {
      const seen = reads?.team(q.team);
      teams.set(q.team, seen ? Promise.resolve(seen) : deps.teams.get(q.team));
    }
    const team = await teams.get(q.team);
    if (!team) return undefined;
    switch (q.kind) {
      case 'team':
      case 'audit':
      case 'recusal':
        return { team, facts: { kind: q.kind } };
      case 'finding': {
        const f = await finding(q.team, q.n);
        if (!f) return undefined;
        // Whether a task fixes it matters to a supervisor alone: the tasks are read only for a team that has one.
        const tasks = hasSupervisor(team) ? [...(await tasksOf(q.team)).values()] : [];
        return { team, facts: findingFacts({ n: q.n, unit: f.unit, author: f.author, clue: f.clue }, tasks) };
      }
      case 'task': {
        const seen = reads?.facts('task', q.team, q.n);
        const task = seen?.kind === 'task' ? seen : (await tasksOf(q.team)).get(q.n);
        return task && { team, facts: taskFacts(task, await finding(q.team, task.finding)) };
      }
      case 'doc': {
        const seen = reads?.facts('doc', q.team, q.n);
        const d = seen?.kind === 'doc' ? seen : (await docsOf(q.team)).get(q.n);
        return d && { team, facts: { kind: 'doc', unit: d.unit } };
      }
      case 'matter': {
        const seen = reads?.facts('matter', q.team, q.n);
        const m = seen?.kind === 'matter' ? seen : (await mattersOf(q.team)).get(q.n);
        return m && { team, facts: matterFacts(m, m.finding === undefined ? undefined : await finding(q.team, m.finding)) };
      }
    }
  }
  return { facts };
}

/** Everything a person sees of a reply, for looking for the words of records read. */
const shownText = (r: Reply) => [r.text, ...(r.actions ?? []).map((a) => a.label)].join('\n');

/** Quotes without repeats, in a stable order. */
function unique(quotes: readonly Quote[]): Quote[] {
  const seen = new Set<string>();
  return quotes.filter((q) => {
    const k = JSON.stringify(q);
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

/** Create the gate over what it reads and the audit log it writes. */
export function createGate(deps: GateDeps): Gate {
  const { admins, log } = deps;
  const today = (): IsoDate => todayIn(deps.clock.now(), deps.timeZone);

  /** What a reply quotes: what its command declared, and every record read whose words it shows (all of them, with a file). */
  const quotesOf = (reply: Reply, reads?: ReadLog): Quote[] =>
    unique([...reply.quotes, ...(reads ? reads.quotedIn(shownText(reply)) : []), ...(reads && reply.file ? reads.all() : [])]);

  async function access(lookup: ReturnType<typeof createLookup>, audience: Audience, q: Quote, day: IsoDate): Promise<{ access: Access; clue: boolean }> {
    const found = await lookup.facts(q);
    if (!found) return { access: 'none', clue: false };
    return { access: audienceAccess(audience, found.team, found.facts, day, admins), clue: isClueLevel(found.facts) };
  }

  async function allowed(lookup: ReturnType<typeof createLookup>, audience: Audience, quotes: readonly Quote[], day: IsoDate): Promise<boolean> {
    for (const q of quotes) if (!covers((await access(lookup, audience, q, day)).access, q)) return false;
    return true;
  }

  /** Audit entries for each clue whose content reached `user`, except those the command itself just changed (audited with the change). */
  async function clueReads(lookup: ReturnType<typeof createLookup>, user: UserId, reply: Reply, reads: ReadLog | undefined, at: string, into: Map<string, AuditEntry[]>): Promise<void> {
    const action = reply.clueRead ?? 'read-clue';
    for (const q of reply.quotes) {
      if (!('n' in q) || q.ref || reads?.didChange(q, user)) continue;
      const found = await lookup.facts(q);
      if (!found || !isClueLevel(found.facts)) continue;
      const entries = into.get(q.team) ?? [];
      const ref = refOf(q.kind, q.n);
      if (!entries.some((e) => e.user === user && e.ref === ref)) entries.push({ at, user, action, ref });
      into.set(q.team, entries);
    }
  }

  async function writeAudit(into: Map<string, AuditEntry[]>): Promise<void> {
    for (const [team, entries] of into) if (entries.length) await deps.audit.recordMany(team, entries);
  }

  async function chatAudience(chat: string): Promise<Audience> {
    const team = await deps.teams.byChat(chat);
    return team ? { kind: 'group', team } : { kind: 'open' };
  }

  const withheld = (): Reply => ({ text: deps.withheld, visibility: 'asker', error: true, quotes: [] });
  const refs = (quotes: readonly Quote[]) => quotes.map((q) => ('n' in q ? refOf(q.kind, q.n) : q.kind));

  async function audienceOf(incoming: Incoming, visibility: Visibility, reads?: ReadLog): Promise<Audience> {
    if (visibility !== 'chat' || incoming.chat.kind === 'dm') return { kind: 'person', user: incoming.user };
    if (incoming.chat.kind === 'unbound') return { kind: 'open' };
    const team = reads?.chatTeam;
    return team ? { kind: 'group', team } : chatAudience(incoming.chat.id);
  }

  const gate: Gate = {
    audienceOf: (incoming, visibility) => audienceOf(incoming, visibility),

    async replies(incoming, replies, reads) {
      const lookup = createLookup(deps, reads);
      const day = today();
      const at = deps.clock.now().toISOString();
      const asker: Audience = { kind: 'person', user: incoming.user };
      const audits = new Map<string, AuditEntry[]>();
      const out: Reply[] = [];
      for (const reply of replies) {
        const quotes = quotesOf(reply, reads);
        // Quoting nothing of any team (help, the rulebook, a refusal): anyone anywhere may read it.
        if (quotes.length === 0) {
          out.push({ ...reply, quotes });
          continue;
        }
        const where = await audienceOf(incoming, reply.visibility, reads);
        if (await allowed(lookup, where, quotes, day)) {
          out.push({ ...reply, quotes });
          if (where.kind === 'person') await clueReads(lookup, incoming.user, out.at(-1)!, reads, at, audits);
        } else if (where.kind !== 'person' && (await allowed(lookup, asker, quotes, day))) {
          // Not for everyone in this chat, but for the asker: theirs alone, never the group's.
          out.push({ ...reply, quotes, visibility: reply.file ? 'dm' : 'asker' });
          await clueReads(lookup, incoming.user, out.at(-1)!, reads, at, audits);
        } else {
          log.warn({ user: incoming.user, chat: incoming.chat.id, refs: refs(quotes) }, 'gate withheld a reply its asker may not read');
          out.push(withheld());
        }
      }
      await writeAudit(audits);
      return out;
    },

    async outgoing(messages, reads) {
      const lookup = createLookup(deps, reads);
      const day = today();
      const at = deps.clock.now().toISOString();
      const audits = new Map<string, AuditEntry[]>();
      const out: Outgoing[] = [];
      for (const message of messages) {
        const quotes = quotesOf(message.reply, reads);
        const where: Audience = 'user' in message.to ? { kind: 'person', user: message.to.user } : await chatAudience(message.to.chat);
        if (!(await allowed(lookup, where, quotes, day))) {
          log.warn({ to: 'user' in message.to ? message.to.user : message.to.chat, refs: refs(quotes) }, 'gate withheld a message its recipient may not read');
          continue;
        }
        out.push({ ...message, reply: { ...message.reply, quotes } });
        if (where.kind === 'person') await clueReads(lookup, where.user, out.at(-1)!.reply, reads, at, audits);
      }
      await writeAudit(audits);
      return out;
    },

    async form(form, audience) {
      const lookup = createLookup(deps);
      const day = today();
      /** An option in full, as its reference (always so for a clue), or nothing. */
      async function view(option: FormOption): Promise<FormOption | undefined> {
        if (!option.quotes?.length) return option;
        let least: Access = 'content';
        let clue = false;
        for (const q of option.quotes) {
          const seen = await access(lookup, audience, q, day);
          clue ||= seen.clue;
          if (seen.access === 'none') return undefined;
          if (seen.access === 'ref') least = 'ref';
        }
        if (least === 'content' && !clue) return option;
        return option.refLabel === undefined ? undefined : { value: option.value, label: option.refLabel, quotes: option.quotes, refLabel: option.refLabel };
      }
      const fields = [];
      for (const field of form.fields) {
        if (!field.options) {
          fields.push(field);
          continue;
        }
        const options: FormOption[] = [];
        for (const o of field.options) {
          const shown = await view(o);
          if (shown) options.push(shown);
        }
        fields.push({ ...field, options });
      }
      return { ...form, fields };
    },
  };
  return gate;
}
