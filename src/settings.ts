/**
 * `settings.pooler`, shared by every rule: the pooler profile and its options, validated once per
 * settings object.
 */
import type { RuleContext } from '@typescript-eslint/utils/ts-eslint';
import { resolveProfile, type ResolvedProfile } from './profiles/index.js';

/**
 * The resolved profile of a rule's context (`transaction` when `settings.pooler` is absent); resolved
 * once per settings object. Throws a `PoolerSettingsError` naming the bad setting, which ESLint shows
 * as a configuration error.
 *
 * @example poolerProfile(context).verdict('listen').verdict // 'broken'
 */
export function poolerProfile(context: Readonly<RuleContext<string, readonly unknown[]>>): ResolvedProfile {
  return resolveProfile((context.settings as { pooler?: unknown }).pooler);
}
