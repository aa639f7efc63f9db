import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { consoleHistory } from '../../adapters/console/history.ts';
import { createLogger } from '../../src/logger.ts';
import { tempDir } from '../helpers/harness.ts';

const TYPED = ['/finding add 历史金丝雀问题 --unit 城关镇 --cat 作风', '/finding clue F-1 --subject 历史金丝雀对象'];

/** A logger whose lines are kept as text. */
function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { log: createLogger('debug', undefined, sink), lines };
}

const mode = (file: string) => statSync(file).mode & 0o777;

describe('the console history file', () => {
  const dirs: Array<ReturnType<typeof tempDir>> = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));
  const fileIn = () => {
    const d = tempDir();
    dirs.push(d);
    return join(d.dir, 'data', 'console-history');
  };

  it('with a key is neither read nor written, and a file left from before is removed and logged without its content', () => {
    const file = fileIn();
    consoleHistory(file, { encrypted: false, log: capture().log }).save(TYPED);
    const { log, lines } = capture();
    const history = consoleHistory(file, { encrypted: true, log });
    expect(existsSync(file)).toBe(false);
    expect(history.load()).toEqual([]);
    history.save(TYPED);
    expect(existsSync(file)).toBe(false);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 30, file });
    expect(lines[0]).not.toContain('金丝雀');
  });

  it('without a key is written readable by its owner only, and an existing file is narrowed to 0600', () => {
    const file = fileIn();
    const history = consoleHistory(file, { encrypted: false, log: capture().log });
    expect(history.load()).toEqual([]);
    history.save(TYPED);
    expect(mode(file)).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(TYPED.join('\n'));

    chmodSync(file, 0o644);
    const reopened = consoleHistory(file, { encrypted: false, log: capture().log });
    expect(mode(file)).toBe(0o600);
    expect(reopened.load()).toEqual(TYPED);
  });
});
