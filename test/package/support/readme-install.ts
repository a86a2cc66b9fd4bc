import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One `npm install` line of the README's Install section. */
export interface InstallLine {
  /** The packages, as written. */
  packages: string[];
  /** The comment after the line: what it is for. */
  purpose: string;
}

/** The `npm install` lines of the first code block under `## Install` in the README at `root`. */
export function readmeInstallLines(root: string): InstallLine[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.split(/^## Install$/m)[1]?.split(/^## /m)[0];
  const block = section?.match(/```bash\n([\s\S]*?)```/)?.[1];
  if (!block) throw new Error('README.md has no ```bash block under "## Install"');
  return block
    .split('\n')
    .filter((line) => line.startsWith('npm install '))
    .map((line) => {
      const [command, purpose = ''] = line.split(/\s+#\s+/);
      return { packages: command.trim().split(/\s+/).slice(2), purpose: purpose.trim() };
    });
}

/** The line whose comment contains `purpose`. */
export function installLine(lines: InstallLine[], purpose: string): InstallLine {
  const line = lines.find((l) => l.purpose.includes(purpose));
  if (!line) throw new Error(`README.md's Install section has no line for "${purpose}"`);
  return line;
}
