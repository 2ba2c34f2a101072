// Writes docs/commands.md, the command list by family, from the console's help entries.
import { writeFileSync } from 'node:fs';
import { formatCommandsMarkdown } from '../shared/command-help/help';

writeFileSync(new URL('../docs/commands.md', import.meta.url), formatCommandsMarkdown());
