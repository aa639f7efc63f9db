import type { AnyCommand } from '../src/command.ts';
import { findingCommands } from './finding.ts';
import { createHelpCommand } from './help.ts';
import { ruleCommands } from './rule.ts';
import { teamCommands } from './team.ts';

/** Every command, in the order /help lists them; help reads the list lazily, so it includes itself. */
export const allCommands: readonly AnyCommand[] = [
  createHelpCommand(() => allCommands),
  ...teamCommands,
  ...findingCommands,
  ...ruleCommands,
];
