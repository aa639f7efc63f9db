/** `npm run manifests`: write the Slack app manifests from the command definitions. */
import { writeFileSync } from 'node:fs';
import { manifestText, MANIFEST_FILES, type SlackMode } from './manifest.ts';
import { allCommands } from '../../commands/index.ts';

for (const [mode, file] of Object.entries(MANIFEST_FILES) as Array<[SlackMode, string]>) {
  writeFileSync(file, manifestText(allCommands, mode));
  console.log(`wrote ${file}`);
}
