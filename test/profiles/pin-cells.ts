/** Table-driven pinning of profile cells: one `it` per fact, named by the fact's citation. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { HazardId } from '../../src/hazards.js';
import { resolveProfile, type HazardDetail, type PoolerSettings, type Verdict } from '../../src/profiles/index.js';

export interface PinnedCell {
  /** `settings.pooler`. */
  settings: PoolerSettings | undefined;
  hazard: HazardId;
  detail?: HazardDetail;
  verdict: Verdict;
  /** The citation key the cell must carry (`PGB-FEAT`, `truth#3`, `H10`, …). */
  cite: string;
  /** The exact setting, when the fact names one. */
  setting?: string;
  /** A fragment the consequence must contain (an exact error text, for instance). */
  says?: string;
}

/**
 * Registers one test per row.
 * @example pinCells([{ settings: undefined, hazard: 'listen', verdict: 'broken', cite: 'truth#18' }])
 */
export function pinCells(rows: readonly PinnedCell[]): void {
  for (const row of rows) {
    const profile = resolveProfile(row.settings);
    const detail = row.detail ? ` ${JSON.stringify(row.detail)}` : '';
    it(`${row.cite}: ${profile.label} × ${row.hazard}${detail} → ${row.verdict}`, () => {
      const cell = profile.verdict(row.hazard, row.detail);
      assert.equal(cell.verdict, row.verdict);
      assert.ok(cell.sources.includes(row.cite), `sources ${cell.sources.join(', ')} lack ${row.cite}`);
      if (row.setting !== undefined || cell.verdict === 'needs-setting') assert.equal(cell.setting, row.setting);
      if (row.says !== undefined) assert.ok(cell.consequence.includes(row.says), cell.consequence);
    });
  }
}
