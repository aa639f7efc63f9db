import { readFileSync } from 'node:fs';
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

  it('shows the two commands', () => {
    expect(readme).toContain('npm start');
    expect(readme).toContain('npm test');
  });
});
