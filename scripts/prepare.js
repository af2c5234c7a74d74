// npm's `prepare` script: builds dist/ when it is missing, which is the case in a git install (a pre-commit
// hook environment, `npm install -g git+https://…`), where npm packs the clone after running this script.
// An installed or already built package is left alone (`npm pack` and `npm test` build on their own).
//
// `npm install -g <git url>` installs the clone's dependencies into the global prefix instead of the clone
// (npm/cli#8440: the child npm inherits npm_config_global), so tsc is missing there; this script then installs
// them into the clone itself from the lockfile before building.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const run = (command, args) => execFileSync(command, args, { stdio: 'inherit' });

if (!existsSync('dist/src/cli/bin.js')) {
  if (!existsSync('node_modules/typescript/bin/tsc') || !existsSync('node_modules/@types/node')) {
    const npm = process.env.npm_execpath;
    const ci = ['ci', '--global=false', '--prefix=.', '--ignore-scripts', '--include=dev', '--no-audit', '--no-fund'];
    if (npm) run(process.execPath, [npm, ...ci]);
    else run('npm', ci);
  }
  run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']);
}
