import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What `npm start` runs, read from package.json ("start": `node <args>`), for the tests that spawn the real bot. */
const { scripts } = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { scripts: { start: string } };
const [node, ...args] = scripts.start.split(' ');
if (node !== 'node') throw new Error(`the start script is expected to run node: ${scripts.start}`);
export const START = { command: process.execPath, args };
