// npm's `prepare` script: builds dist/ when it is missing, which is the case in a git install (a pre-commit
// hook environment, `npm install -g git+https://…`), where npm packs the clone after running this script.
// An installed or already built package is left alone (`npm pack` and `npm test` build on their own).
//
// `npm install -g <git url>` (what pre-commit 4 runs) prepares the clone with a nested `npm install` that is
// global too, so the clone gets no node_modules and tsc is missing (npm/cli#8440; newer pacote passes
// --global=false); this script then installs the locked dependencies into the clone itself before building.
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
  // Only what the package ships (src, rules): `npm test` and `npm run build` compile the tests and benchmarks.
  try {
    run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json']);
  } catch {
    console.error('eslint-plugin-pooler: building dist/ with tsconfig.build.json failed (the TypeScript errors are above).');
    process.exit(1);
  }
}
