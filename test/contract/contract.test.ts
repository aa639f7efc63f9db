import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../adapters/index.ts';
import { consoleDriver } from './console-driver.ts';
import { dingtalkDriver, dingtalkStreamDriver } from './dingtalk-driver.ts';
import { slackDriver, slackSocketDriver } from './slack-driver.ts';
import { telegramDriver } from './telegram-driver.ts';
import type { InteractiveDriver, InteractiveDriverFactory } from './driver.ts';
import { scenarios } from './scenarios.ts';

/** Each platform's drivers, one for each way it runs (HTTP, a socket, polling). */
const DRIVERS: Record<string, readonly InteractiveDriverFactory[]> = {
  console: [consoleDriver],
  slack: [slackDriver, slackSocketDriver],
  telegram: [telegramDriver],
  dingtalk: [dingtalkDriver, dingtalkStreamDriver],
};

it('drives every platform main.ts can run (adapters/index.ts), and the console', () => {
  expect(Object.keys(DRIVERS).sort()).toEqual(['console', ...PLATFORMS.map((p) => p.platform)].sort());
});

// One set of cases, every adapter: each platform must deliver the core's replies to the right place.
for (const make of Object.values(DRIVERS).flat()) {
  describe(`adapter contract: ${make.name}`, () => {
    let d: InteractiveDriver;
    beforeEach(async () => {
      d = make();
      await d.setup();
    });
    afterEach(() => d.close());
    for (const s of scenarios) it(s.title, () => s.run(d));
  });
}
