/**
 * Runs the truth-annotated examples of the docs against the real servers and checks their claims:
 * fixtures/truth/sample-rule.md (the convention, proven before real docs exist), fixtures/truth/false-claims.md
 * (every false claim is rejected: the checks can fail), and every rules/*.md.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { extractTruthBlocks, type TruthBlock } from './doc-blocks.js';
import { checkBlock, DOC_SCENARIOS } from './doc-scenarios.js';
import { truthSuite, type Truth } from './harness.js';
import { repoRoot } from './program.js';

const root = repoRoot();
const blocksOf = (file: string) => extractTruthBlocks(readFileSync(join(root, file), 'utf8'), file).blocks;
const title = (block: TruthBlock) => `${block.marker ?? ''} ${block.scenario} (line ${block.line})`.trim();
const BLOCK_TIMEOUT = 90_000;

/** A test that checks one block's claim, naming the claim in a diagnostic. */
function claimTest(block: TruthBlock, truth: () => Truth): void {
  it(title(block), { timeout: BLOCK_TIMEOUT }, async (context) => {
    context.diagnostic(`claim: ${DOC_SCENARIOS[block.scenario]?.claim ?? 'unknown scenario'}`);
    await checkBlock(truth(), block);
  });
}

/** rules/*.md, relative to the repository root, sorted. */
function ruleDocs(): string[] {
  const dir = join(root, 'rules');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `rules/${name}`);
}

truthSuite('truth docs: annotated examples run and their claims hold', (truth) => {
  describe('fixtures/truth/sample-rule.md', () => {
    for (const block of blocksOf('fixtures/truth/sample-rule.md')) claimTest(block, truth);
  });

  describe('fixtures/truth/false-claims.md: every false claim is rejected', () => {
    for (const block of blocksOf('fixtures/truth/false-claims.md')) {
      it(`rejects ${title(block)}`, { timeout: BLOCK_TIMEOUT }, async (context) => {
        await assert.rejects(checkBlock(truth(), block), (error) => {
          context.diagnostic(String((error as Error).message).split('\n')[0] ?? '');
          return error instanceof assert.AssertionError;
        });
      });
    }
  });

  describe('rules/*.md', () => {
    const docs = ruleDocs();
    if (docs.length === 0) it('rule docs', { skip: 'no rules/*.md yet: only the fixed scenarios and the sample doc run' }, () => undefined);
    for (const doc of docs) {
      describe(doc, () => {
        for (const block of blocksOf(doc)) claimTest(block, truth);
      });
    }
  });
});
