/**
 * Child process: fill a SQLite file with 500 teams, each with 200 findings, 200 rectification tasks and
 * 10 document requests. Store.set commits and syncs each record, so 222,000 of them would take a few
 * minutes: this writes them through Keyv over the store's own SQLite adapter (namespace xc, Keyv's key
 * prefix and serializer) in batches of 5,000, one transaction each. Every record is checked against its
 * schema first; run.ts reads them back through the Store before measuring. It runs in its own process so
 * that the generated objects do not count in the bench's RSS.
 */
import Keyv from 'keyv';
import type { z } from 'zod';
import { docSummary, DocRequestSchema } from '../src/doc-request.ts';
import { findingSummary, FindingSchema } from '../src/finding.ts';
import { RectificationSchema, taskSummary } from '../src/rectification.ts';
import { indexRecords } from '../src/store/numbered.ts';
import { SqliteAdapter } from '../src/store/sqlite.ts';
import { TeamSchema } from '../src/team.ts';
import { chatOf, doc, DOCS_PER_TEAM, finding, names, PER_TEAM, people, prng, task, team, TEAMS } from './data.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: seed.ts <sqlite file>');

const started = performance.now();
const keyv = new Keyv({ store: new SqliteAdapter(file), namespace: 'xc' });

const BATCH = 5000;
let batch: Array<{ key: string; value: unknown }> = [];
let records = 0;
async function put(key: string, value: unknown, schema?: z.ZodType): Promise<void> {
  if (schema) schema.parse(value);
  batch.push({ key, value });
  records++;
  if (batch.length >= BATCH) await flush();
}
async function flush(): Promise<void> {
  if (batch.length === 0) return;
  const written: boolean[] | undefined = await keyv.setMany(batch);
  if (written?.some((ok) => !ok)) throw new Error('seeding failed');
  batch = [];
}

const rand = prng(42);
const ids: string[] = [];
for (let i = 1; i <= TEAMS; i++) {
  const t = team(i);
  ids.push(t.id);
  await put(`team:${t.id}`, t, TeamSchema);
  await put(`team-name:${t.name.trim().toLowerCase()}`, t.id);
  await put(`chat:${chatOf(i)}`, t.id);
  const p = people(i);
  for (const user of [p.leader, p.deputy, ...p.members, p.liaison, ...p.owners]) await put(`user-teams:${user}`, [t.id]);
  for (const [user, name] of names(i)) await put(`user-name:${user}`, name);
  // Each team's index of a kind (its records' summaries), as the repositories keep it.
  const findings = [];
  const tasks = [];
  for (let n = 1; n <= PER_TEAM; n++) {
    const f = finding(i, n, rand);
    const r = task(i, n, rand);
    findings.push(findingSummary.of(f));
    tasks.push(taskSummary.of(r));
    await put(`finding:${t.id}:${n}`, f, FindingSchema);
    await put(`rect:${t.id}:${n}`, r, RectificationSchema);
  }
  const docs = [];
  for (let n = 1; n <= DOCS_PER_TEAM; n++) {
    const d = doc(i, n, rand);
    docs.push(docSummary.of(d));
    await put(`doc:${t.id}:${n}`, d, DocRequestSchema);
  }
  for (const [key, value] of [
    ...indexRecords('finding', t.id, PER_TEAM, findings, findingSummary),
    ...indexRecords('rect', t.id, PER_TEAM, tasks, taskSummary),
    ...indexRecords('doc', t.id, DOCS_PER_TEAM, docs, docSummary),
  ]) {
    await put(key, value);
  }
  // Counters as the SQLite backend keeps them: a plain number under the counter's key.
  await put(`seq:finding:${t.id}`, PER_TEAM);
  await put(`seq:rect:${t.id}`, PER_TEAM);
  await put(`seq:doc:${t.id}`, DOCS_PER_TEAM);
}
await put('teams', ids);
await put('seq:team', TEAMS);
await flush();
await keyv.disconnect();
process.send?.({ records, ms: performance.now() - started });
