/**
 * The store's key layout: every key the bot writes, spelled here once. Stores already in use hold these
 * exact keys, so a spelling changed here orphans their records; test/store-layout.test.ts pins each one.
 * How the backends hold them is at the end.
 */

/** Counters are the keys under `seq:`: numbers handed out once, never records. */
export const COUNTER_PREFIX = 'seq:';

export const keys = {
  /** The counter of `name`: a numbered kind of a team, a log, the teams, the notices. */
  counter: (name: string) => `${COUNTER_PREFIX}${name}`,
  /** Entry `i` of log `name` (entries 1, 2, 3 … counted by `counter(name)`). */
  logEntry: (name: string, i: number) => `${name}:${i}`,
  /** The lock of one key: `update` takes it, and so does whatever else changes that key. */
  keyLock: (key: string) => `key:${key}`,
  /** Locks held across processes on Redis (leases): binding chats to teams, delivering the outbox. */
  bindingLock: 'team-binding',
  flushLock: 'outbox-flush',

  /** Whether the key set up with the encryption key opens this store. */
  keyCheck: 'key-check',
  /** What the health check writes, to know a write still succeeds. */
  health: 'health',

  team: (id: string) => `team:${id}`,
  /** A team's id by its name, as normalised (one line, lower case). */
  teamByName: (name: string) => `team-name:${name}`,
  teamByChat: (chat: string) => `chat:${chat}`,
  teamsOfUser: (user: string) => `user-teams:${user}`,
  /** Every team's id. */
  teams: 'teams',
  /** Teams are numbered T1, T2 …: the counter's name. */
  teamCount: 'team',

  /** Record `n` of a team's numbered kind (`finding`, `rect` for tasks, `doc`), and the name of that kind's counter and write lock. */
  record: (kind: string, team: string, n: number) => `${kind}:${team}:${n}`,
  records: (kind: string, team: string) => `${kind}:${team}`,
  /** Chunk `c` of a team's index of one kind; `version` 2 and up when the summary gained a field. */
  index: (kind: string, version: number | undefined, team: string, c: number) => `${kind}-index${version && version > 1 ? version : ''}:${team}:${c}`,
  /** What a create made once (`addOnce`) remembers of the request `request`. */
  once: (kind: string, team: string, request: string) => `${kind}-once:${team}:${request}`,

  /** A team's audit log (its entries are logEntry(auditLog(team), i)). */
  auditLog: (team: string) => `audit:${team}`,

  userName: (user: string) => `user-name:${user}`,
  /** Who wrote with `handle` on `platform` (handles are compared in lower case). */
  userAlias: (platform: string, handle: string) => `user-alias:${platform}:${handle.toLowerCase()}`,

  /** A batch of messages the bot starts itself, by its id; and the ids still to deliver. */
  outbox: (batch: string) => `outbox:${batch}`,
  outboxPending: 'outbox:pending',
  /** Batch ids: a command's notices (numbered by the `notice` counter), a team's digest and secrecy reminder of a day. */
  notices: (n: number) => `notice:${n}`,
  noticeCount: 'notice',
  digest: (team: string, day: string) => `digest:${team}:${day}`,
  secrecy: (team: string, day: string) => `secrecy:${team}:${day}`,
  /** The office's daily digest of a day (a batch id), and every team's figures that day, which the next day's digest compares with. */
  officeDigest: (day: string) => `office-digest:${day}`,
  officeFigures: (day: string) => `office-figures:${day}`,

  /** The mark a platform delivery leaves in the commit of the change it made: delivered again, it is refused. */
  delivery: (platform: string, id: string) => `delivery:${platform}:${id}`,
};

/*
 * How the backends hold these keys. Keyv writes each record as `{"value":…}` under its namespace `xc`:
 * SQLite rows are keyed `xc:<key>`, counters included (`xc:seq:…`). @keyv/redis puts its own `xc::` in
 * front (`xc::xc:<key>`); on Redis, counters are plain integers under `xc:counter:` (INCR works on them)
 * and the leases that serialise processes live under `xc:lock:`.
 */

/** Keyv's namespace for every record. */
export const KEYV_NAMESPACE = 'xc';
/** SQLite: every row's key starts with this. */
export const SQLITE_RECORDS = `${KEYV_NAMESPACE}:`;
/** SQLite: counters' row keys start with this; their values are numbers, never sealed. */
export const SQLITE_COUNTERS = `${SQLITE_RECORDS}${COUNTER_PREFIX}`;
/** Redis: what @keyv/redis puts before Keyv's own namespace. */
export const REDIS_PREFIX = 'xc::';
/** Redis: the SCAN pattern of every record (counters and leases are outside it). */
export const REDIS_RECORDS = `${REDIS_PREFIX}*`;
/** Redis: a record's key from the store's key. */
export const redisKey = (key: string) => `${REDIS_PREFIX}${SQLITE_RECORDS}${key}`;
/** Redis: the integer counters, and the key of one. */
export const REDIS_COUNTERS = 'xc:counter:';
export const redisCounter = (key: string) => `${REDIS_COUNTERS}${key}`;
/** Redis: the lease of a lock. */
export const redisLock = (name: string) => `xc:lock:${name}`;
