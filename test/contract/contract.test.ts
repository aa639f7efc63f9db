import { afterEach, beforeEach, describe, it } from 'vitest';
import { consoleDriver } from './console-driver.ts';
import { slackDriver, slackSocketDriver } from './slack-driver.ts';
import { telegramDriver } from './telegram-driver.ts';
import type { AdapterDriver } from './driver.ts';
import { scenarios } from './scenarios.ts';

// One set of cases, every adapter: each platform must deliver the core's replies to the right place.
for (const make of [consoleDriver, slackDriver, slackSocketDriver, telegramDriver]) {
  describe(`adapter contract: ${make.name}`, () => {
    let d: AdapterDriver;
    beforeEach(async () => {
      d = make();
      await d.setup();
    });
    afterEach(() => d.close());
    for (const s of scenarios) it(s.title, () => s.run(d));
  });
}
