/**
 * The rule map. A test checks that it lists every `rules/*.ts` file and that each rule has its doc.
 * Rules land with their issues; the names are fixed (see README).
 */
import type { RuleModule } from '@typescript-eslint/utils/ts-eslint';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rules differ in their options and message ids
export const rules: Record<string, RuleModule<string, any[], any>> = {};
