import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';

const ROOT = resolve(import.meta.dirname, '../..');
const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

/**
 * What `npm run <name>` runs, read from package.json (`node <flags> dist/<file>.js [args]`), with the
 * script's path made absolute, for the tests that spawn the real bot: dist/ is built once per test run
 * (test/helpers/build.ts), as `npm start` builds it before it runs.
 */
function script(name: string): { command: string; args: string[] } {
  const [node, ...args] = (scripts[name] ?? '').split(' ');
  if (node !== 'node') throw new Error(`the ${name} script is expected to run node: ${scripts[name]}`);
  return { command: process.execPath, args: args.map((a) => (a.endsWith('.js') && !a.startsWith('-') ? join(ROOT, a) : a)) };
}

export const START = script('start');
export const BACKUP = script('backup');
export const RESTORE = script('restore');
export const SEAL = script('seal');

/**
 * The bot's own process on a SQLite store in `dir`, as npm start runs it, its clock at `now`, reading
 * console lines from stdin: the process itself, so that a SIGKILL hits it and not a launcher.
 */
export function spawnBot(dir: string, now: string): ChildProcessByStdio<Writable, Readable, null> {
  const { PATH, HOME } = process.env;
  return spawn(START.command, START.args, {
    env: { PATH, HOME, XC_STORE: `sqlite://${join(dir, 'x.sqlite')}`, LOG_FILE: join(dir, 'x.log'), XC_NOW: now },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
}
