import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allCommands } from '../commands/index.ts';
import { whoMay } from '../commands/help.ts';
import { zh } from '../src/i18n/zh.ts';
import { summaryOf, usageLine } from '../src/usage.ts';

describe('README', () => {
  const readme = readFileSync('README.md', 'utf8');
  const rows = readme.split('\n').filter((l) => l.startsWith('| `/'));

  it('lists exactly the commands /help lists, with the same usage, roles and summary', () => {
    const expected = allCommands.map((c) => {
      const usage = usageLine(c, zh).replace(/\|/g, '\\|');
      return `| \`${usage}\` | ${whoMay({ t: zh }, c)} | ${summaryOf(c, zh)} |`;
    });
    expect(rows).toEqual(expected);
  });

  it('names only files inside the repository, each one there', () => {
    expect(readme).not.toMatch(/\.\.\/|(?:^|[\s`(])(?:\/work|\/root|\/home|~)\/|shared\/spec/m);
    // A path in backticks that starts at one of the repository's folders or files names something in it:
    // what the bot writes when it runs (data/, dist/, exports/, .env) apart.
    const top = new Set(readdirSync('.'));
    const named = [...readme.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]!.replace(/[:#].*$/, ''));
    const paths = named.filter((p) => top.has(p.split('/')[0]!) && !/^(data|dist|exports|node_modules)(\/|$)|^\.env$/.test(p));
    expect(paths.length).toBeGreaterThan(10);
    for (const path of paths) expect(existsSync(path), path).toBe(true);
    // A bare source file name is a path to find: each is written from the repository's root.
    expect(named.filter((p) => /^[\w-]+\.ts$/.test(p))).toEqual([]);
  });

  it('shows the two commands', () => {
    expect(readme).toContain('npm start');
    expect(readme).toContain('npm test');
  });
});
