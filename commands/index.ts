import type { AnyCommand } from '../src/command.ts';
import { auditCommands } from './audit.ts';
import { digestCommands } from './digest.ts';
import { docsCommands } from './docs.ts';
import { exportCommands } from './export.ts';
import { findingCommands } from './finding.ts';
import { createHelpCommand } from './help.ts';
import { rectifyCommands } from './rectify.ts';
import { ruleCommands } from './rule.ts';
import { secrecyCommands } from './secrecy.ts';
import { statsCommands } from './stats.ts';
import { teamCommands } from './team.ts';

/** Every command, in the order /help lists them; help reads the list lazily, so it includes itself. */
export const allCommands: readonly AnyCommand[] = [
  createHelpCommand(() => allCommands),
  ...teamCommands,
  ...findingCommands,
  ...rectifyCommands,
  ...docsCommands,
  ...secrecyCommands,
  ...digestCommands,
  ...ruleCommands,
  ...exportCommands,
  ...statsCommands,
  ...auditCommands,
];
