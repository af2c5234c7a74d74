import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { startProgress } from '../../src/cli/progress.js';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (text: string) => writes.push(text) };
}

describe('pooler-lint on a terminal', () => {
  it('shows progress on a terminal once the run takes a while, and erases it at the end', async () => {
    const tty = stream(true);
    const progress = startProgress(tty, true, 0);
    progress.update('linting 12 JS/TS files');
    await sleep(1100);
    progress.stop();
    assert.match(tty.writes[0]!, /^\r\u001b\[Kpooler-lint: linting 12 JS\/TS files… \d+s$/);
    assert.equal(tty.writes.at(-1), '\r\u001b[K');
  });

  it('shows no progress on a pipe, with --quiet, or for a short run', async () => {
    const pipe = stream(false);
    const quiet = stream(true);
    const short = stream(true);
    const runs = [startProgress(pipe, true, 0), startProgress(quiet, false, 0), startProgress(short, true, 60_000)];
    await sleep(1100);
    for (const progress of runs) progress.stop();
    assert.deepEqual([pipe.writes, quiet.writes, short.writes], [[], [], []]);
  });

  const dir = mkdtempSync(path.join(tmpdir(), 'pooler-lint-tty-'));
  writeFileSync(path.join(dir, 'db.js'), "import { Pool } from 'pg';\nexport const pool = new Pool({ max: 500 });\n");
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function stylish(env: Record<string, string>): Promise<string> {
    const stdout = stream(true);
    const code = await main([], { cwd: dir, env, stdout, stderr: stream(false) });
    assert.equal(code, 1);
    return stdout.writes.join('');
  }

  it('colours stylish output on a terminal', async () => {
    assert.ok((await stylish({})).includes('\u001b['));
  });

  it('does not colour when NO_COLOR is set', async () => {
    assert.ok(!(await stylish({ NO_COLOR: '1' })).includes('\u001b['));
  });
});
