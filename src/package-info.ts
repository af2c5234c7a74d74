import { readFileSync } from 'node:fs';

/** This package's name and version, read from its package.json (two levels above `dist/src`). */
export const packageInfo: { name: string; version: string } = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
);

/** The repository's home page. */
export const repositoryUrl = 'https://github.com/eslint-plugin-pooler/eslint-plugin-pooler';

/** The documentation URL of a rule: its doc beside the rule in the repository. */
export function ruleDocsUrl(ruleName: string): string {
  return `${repositoryUrl}/blob/main/rules/${ruleName}.md`;
}
