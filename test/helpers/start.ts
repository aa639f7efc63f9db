import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

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
