import type { AnyCommand } from '../src/command.ts';
import { auditCommands } from './audit.ts';
import { digestCommands } from './digest.ts';
import { docsCommands } from './docs.ts';
import { exportCommands } from './export.ts';
import { findingCommands } from './finding.ts';
import { withHelp } from './help.ts';
import { recusalCommands } from './recusal.ts';
import { rectifyCommands } from './rectify.ts';
import { overviewCommands } from './overview.ts';
import { reportCommands } from './report.ts';
import { ruleCommands } from './rule.ts';
import { secrecyCommands } from './secrecy.ts';
import { statsCommands } from './stats.ts';
import { teamCommands } from './team.ts';

/** Every family's commands, in the order /help lists them; a new family is one more line here. */
export const familyCommands: readonly AnyCommand[] = [
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
  ...reportCommands,
  ...recusalCommands,
  ...overviewCommands,
];

/** Every command: /help first, then every family's. */
export const allCommands = withHelp(familyCommands);
