/**
 * What stops the start, in the language XC_LANG names: the Chinese says what is wrong and what to do;
 * the English is the error's own message, which the log and the other tests read.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { loadHolidays } from '../src/holidays.ts';
import { startupLang, startupMessage } from '../src/i18n/startup.ts';
import { loadRulebook } from '../src/rulebook/rulebook.ts';
import { loadTaxonomy } from '../src/taxonomy.ts';
import { tempDir } from './helpers/harness.ts';

const dirs: Array<ReturnType<typeof tempDir>> = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

function file(name: string, text: string): string {
  const d = tempDir();
  dirs.push(d);
  const path = join(d.dir, name);
  writeFileSync(path, text);
  return path;
}

/** The error `load` throws, as the operator reads it in each language. */
function said(load: () => unknown): { zh: string; en: string } {
  try {
    load();
  } catch (err) {
    const e = err as Error;
    expect(startupMessage(e, 'en')).toBe(e.message);
    return { zh: startupMessage(e, 'zh'), en: startupMessage(e, 'en') };
  }
  throw new Error('expected a start-up error');
}

describe('start-up errors', () => {
  it('name a wrong setting, what it expects and what to do', () => {
    expect(said(() => loadConfig({ DIGEST_TIME: '25:00' }))).toEqual({
      zh: 'DIGEST_TIME 的值不对：应为“时:分”格式的时间，例如 08:30，现在是 "25:00"。请在环境变量或 .env 文件中改正后重新启动。',
      en: 'DIGEST_TIME is not valid: expected a time of day as HH:MM, such as 08:30, got "25:00".',
    });
  });

  it('name a setting another one needs, and never echo a secret', () => {
    expect(said(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).zh).toBe(
      '缺少 SLACK_SIGNING_SECRET：应为 Slack 应用的签名密钥（不设 SLACK_APP_TOKEN 时需要，用于校验 HTTP 请求）。请在环境变量或 .env 文件中设置后重新启动。',
    );
    expect(said(() => loadConfig({ XC_STORE: 'mysql://root:hunter2@db' })).zh).toBe(
      'XC_STORE 的值不对：应为 Keyv 连接地址：sqlite://路径、redis://主机:端口 或 postgres://…。请在环境变量或 .env 文件中改正后重新启动。',
    );
  });

  it('name the holiday file, its line and what is wrong there', () => {
    const holidays = file('holidays.json', '{\n  "2027": {\n    "holidays": ["2027-01-01", "2027-01-01"]\n  }\n}');
    expect(said(() => loadHolidays(holidays)).zh).toBe(`XC_HOLIDAYS 文件 ${holidays} 第 3 行：2027-01-01 列了两次。请改正该文件后重新启动。`);
  });

  it('name the taxonomy file, its line and what is wrong there', () => {
    const taxonomy = file('taxonomy.json', '{\n  "tags": ["四风"]\n}');
    expect(said(() => loadTaxonomy(taxonomy)).zh).toBe(
      `XC_TAXONOMY 文件 ${taxonomy} 第 2 行：tags 中的 "四风" 已是内置项：请删去，或把 "mode" 设为 "replace" 给出完整列表。请改正该文件后重新启动。`,
    );
  });

  it('name the rulebook file, the entry and its field', () => {
    const rules = file('rules.json', JSON.stringify([{ id: 'BD-01', title: '', category: '工作', summary: '摘要', source: '本县', verified: false, keywords: [] }]));
    expect(said(() => loadRulebook({ file: rules }))).toEqual({
      zh: `XC_RULES 文件 ${rules}：第 1 条（BD-01）的 title 不能为空。请改正该文件后重新启动。`,
      en: `Rulebook ${rules}: entry 1 (BD-01): title must not be empty`,
    });
  });

  it('are in Chinese unless XC_LANG is en, a wrong XC_LANG included', () => {
    expect([startupLang({}), startupLang({ XC_LANG: 'en' }), startupLang({ XC_LANG: ' en ' }), startupLang({ XC_LANG: 'fr' })]).toEqual(['zh', 'en', 'en', 'zh']);
  });
});
