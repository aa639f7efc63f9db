/**
 * The office's daily digest (巡察办): at DIGEST_TIME, a direct message to each admin (XC_ADMINS) saying
 * what changed in each team since the last digest and which teams have anything overdue. What changed is
 * the difference between today's figures and those the last digest kept (a small record a day, counts
 * only), plus what fell overdue in between, read from the deadlines themselves.
 */
import type { Services } from './command.ts';
import type { Config } from './config.ts';
import { addDays, timeIn, todayIn, type IsoDate } from './dates.ts';
import type { Messages } from './i18n/index.ts';
import { changesOf, needsAttention, overviewOf, readAll, SnapshotSchema, totalOf, type Snapshot, type TeamIndexes, type TeamView } from './overview.ts';
import type { Job } from './scheduler.ts';
import { keys } from './store/keys.ts';
import type { Outgoing } from './types.ts';
import { quote } from './visibility.ts';

/** How far back the digest looks for the last day's figures: a bot down for a few days still says what changed since. */
const LOOKBACK_DAYS = 7;
/** Teams with overdue items named in the digest; /overview has the rest. */
const ATTENTION_MAX = 10;

type OfficeConfig = Pick<Config, 'round' | 'clueResultDays' | 'timeZone'>;

/**
 * The digest's text: each team's changes since `before` (in the order the teams were created, those
 * without change counted in one line), the teams with anything overdue, worst first, and the totals.
 */
export function officeDigestText(all: readonly TeamIndexes[], views: readonly TeamView[], before: Snapshot | undefined, config: OfficeConfig, t: Messages, today: IsoDate): string {
  const m = t.overview;
  const figures = new Map(views.map((v) => [v.team.id, v.figures] as const));
  const lines = [m.digestTitle(today, all.length)];
  if (before) {
    lines.push(m.since(before.day));
    let quiet = 0;
    for (const ix of all) {
      const parts = m.changes(changesOf(ix, figures.get(ix.team.id)!, before.teams[ix.team.id], before.day, config, today));
      if (parts.length) lines.push(m.changed(ix.team.name, parts));
      else quiet += 1;
    }
    if (quiet) lines.push(m.unchanged(quiet, quiet < all.length));
  } else {
    lines.push(m.firstDay);
  }
  const late = views.filter((v) => needsAttention(v.figures));
  if (late.length) {
    lines.push(m.attention(late.length), ...late.slice(0, ATTENTION_MAX).map((v) => m.overdueParts(v.team.name, v.figures)));
    if (late.length > ATTENTION_MAX) lines.push(m.moreAttention(late.length - ATTENTION_MAX));
  } else {
    lines.push(m.noneOverdue);
  }
  lines.push(m.totals(totalOf(views.map((v) => v.figures))), m.seeOverview);
  return lines.join('\n');
}

/** Every team's figures today, as the snapshot the next day's digest compares with. */
export function snapshotOf(views: readonly TeamView[], today: IsoDate): Snapshot {
  return { day: today, teams: Object.fromEntries(views.map((v) => [v.team.id, v.figures])) };
}

/** The newest figures kept before `today`, up to LOOKBACK_DAYS back. */
async function lastSnapshot(services: Pick<Services, 'store'>, today: IsoDate): Promise<Snapshot | undefined> {
  const days = Array.from({ length: LOOKBACK_DAYS }, (_, i) => addDays(today, -(i + 1)));
  const found = await services.store.getMany(days.map(keys.officeFigures), SnapshotSchema);
  return found.find((s) => s !== undefined);
}

/**
 * The office's daily digest job: once DIGEST_TIME has come in XC_TIMEZONE, today's figures are kept and
 * the digest is enqueued under an id naming the day, which the outbox accepts once only: a second tick,
 * a restart or a second instance on the same store sends nothing more. The figures are written first: a
 * crash before the enqueue leaves today's, which the retry writes again, and the retry still compares
 * with the day before, since it looks only at days before today.
 */
export function createOfficeDigestJob(deps: { services: Services; config: Config; t: Messages }): Job {
  const { services, config, t } = deps;
  return {
    name: 'office-digest',
    async run(now) {
      const today = todayIn(now, config.timeZone);
      if (config.admins.length === 0 || timeIn(now, config.timeZone) < config.digest.time) return;
      const id = keys.officeDigest(today);
      if (await services.outbox.has(id)) return;
      const all = await readAll(services);
      if (all.length === 0) return;
      const views = overviewOf(all, config, today);
      const text = officeDigestText(all, views, await lastSnapshot(services, today), config, t, today);
      await services.store.set(keys.officeFigures(today), snapshotOf(views, today));
      // Every team's figures, clues counted: for the office alone, each admin by direct message.
      const quotes = all.map((ix) => quote.team(ix.team));
      const messages: Outgoing[] = config.admins.map((admin) => ({ to: { user: admin }, reply: { text, visibility: 'dm', quotes } }));
      await services.outbox.enqueue(id, messages, now.toISOString());
    },
  };
}
