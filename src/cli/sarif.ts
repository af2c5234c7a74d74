/**
 * `--format sarif`: one SARIF 2.1.0 run of `pooler-lint`, for GitHub code scanning and SARIF viewers. Every rule
 * of the plugin and every deployment rule is described (not only those with findings); findings in code, in `.sql`
 * files and in deployment files are results
 * with paths relative to the scan root (`%SRCROOT%`); errors the baseline or an `eslint-disable` comment
 * suppresses are results with a suppression; parse errors and skipped files are tool execution notifications.
 * The output is deterministic: no timestamps, and no absolute path but the root's URL.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ESLint, Linter } from 'eslint';
import type * as Sarif from 'sarif';
import type { PoolerRuleDocs } from '../create-rule.js';
import { DEPLOY_RULES, type DeployRuleId } from '../deploy/rules.js';
import plugin from '../index.js';
import { packageInfo, repositoryUrl, ruleDocsUrl } from '../package-info.js';
import { relativePath, type RunReport } from './report.js';
import { gitRoot } from './targets.js';

/** The SARIF 2.1.0 schema, as `$schema` names it. */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The tool's name in the log: the CLI that wrote it. */
export const SARIF_TOOL_NAME = 'pooler-lint';
/**
 * The base id artifact URIs are relative to: the root of the git repository the scan runs in (GitHub code
 * scanning reads URIs as relative to the repository root and ignores `originalUriBaseIds`), else the scan root
 * (`report.cwd`).
 */
export const SRCROOT = '%SRCROOT%';
/** The justification of a result the bulk-suppressions file (the legacy baseline) suppresses. */
export const BASELINE_JUSTIFICATION = 'eslint-suppressions.json';

/** How GitHub code scanning ranks the plugin's alerts: all of them are correctness problems, reported precisely. */
const RULE_PROPERTIES = { tags: ['pooler', 'postgresql', 'correctness'], precision: 'high', 'problem.severity': 'error' };

/** The kinds of tool execution notification, as described in `tool.driver.notifications`. */
const NOTIFICATIONS = {
  notAnalysed: { id: 'file-not-analysed', text: 'ESLint could not analyse the file (it does not parse): none of its hazards are reported.' },
  skipped: { id: 'file-skipped', text: 'pooler-lint did not analyse the file, or only in part; the message says why.' },
  eslint: { id: 'eslint-notice', text: 'A message from ESLint that no rule reports, e.g. an unused eslint-disable directive.' },
} as const;
type NotificationKind = keyof typeof NOTIFICATIONS;
const NOTIFICATION_KINDS = Object.keys(NOTIFICATIONS) as NotificationKind[];

/** Code-unit order: the same on every machine, whatever its locale. */
function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** The descriptor of one rule of the plugin: descriptions, documentation, default level, GitHub's properties. */
function ruleDescriptor(namespace: string, name: string): Sarif.ReportingDescriptor {
  const docs = plugin.rules[name]!.meta.docs as Partial<PoolerRuleDocs> & { url?: string };
  const id = `${namespace}/${name}`;
  const url = docs.url ?? ruleDocsUrl(name);
  const description = sentence(docs.description ?? id);
  const typed = docs.requiresTypeChecking ? ' It needs type information: pooler-lint runs it where a tsconfig.json covers the file.' : '';
  const docLine = 'What it reports, what it does not, and how to fix each case';
  return {
    id,
    shortDescription: { text: description },
    fullDescription: { text: `${description}${typed}` },
    helpUri: url,
    help: { text: `${description}${typed} ${docLine}: ${url}`, markdown: `${description}${typed}\n\n${docLine}: [${id}](${url}).` },
    defaultConfiguration: docs.recommended === false ? { enabled: false, level: 'error' } : { level: 'error' },
    properties: { ...RULE_PROPERTIES, tags: [...RULE_PROPERTIES.tags] },
  };
}

/**
 * The descriptor of a deployment rule: documented in the README's "Deployment files" (Prisma schemas, env and
 * Compose files) or "The pooler's own configuration" (the `pooler-*` checks).
 */
function deployRuleDescriptor(namespace: string, name: DeployRuleId): Sarif.ReportingDescriptor {
  const id = `${namespace}/${name}`;
  const url = `${repositoryUrl}#${name.startsWith('pooler-') ? 'the-poolers-own-configuration' : 'deployment-files'}`;
  const description = sentence(DEPLOY_RULES[name]);
  const docLine = 'What it reports in deployment files and how to fix it';
  return {
    id,
    shortDescription: { text: description },
    fullDescription: { text: `${description} Read from deployment files, not from code.` },
    helpUri: url,
    help: { text: `${description} ${docLine}: ${url}`, markdown: `${description}\n\n${docLine}: [the README](${url}).` },
    defaultConfiguration: { level: 'error' },
    properties: { ...RULE_PROPERTIES, tags: [...RULE_PROPERTIES.tags, 'deployment'] },
  };
}

/**
 * A file's location: relative to `%SRCROOT%`, each path segment percent-encoded; a file outside the root gets
 * its absolute file URL.
 * @example fileUri('/repo', '/repo/src/my db.ts') // { uri: 'src/my%20db.ts', uriBaseId: '%SRCROOT%' }
 */
function fileUri(root: string, filePath: string): Sarif.ArtifactLocation {
  const relative = relativePath(root, filePath);
  if (relative === '..' || relative.startsWith('../') || path.isAbsolute(relative)) return { uri: pathToFileURL(filePath).href };
  return { uri: relative.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/**
 * The URL of a directory, ending in `/` as `originalUriBaseIds` requires.
 * @example directoryUrl('/home/me/my app') // 'file:///home/me/my%20app/'
 */
function directoryUrl(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/**
 * ESLint's 1-based line and column and its exclusive end as a SARIF text region: SARIF's `endColumn` is also
 * "the column number of the character following the end of the region", counted in UTF-16 code units
 * (`run.columnKind`). Positions ESLint does not give, or gives out of order, are left out.
 */
function region(message: { line: number; column: number; endLine?: number | undefined; endColumn?: number | undefined }): Sarif.Region | undefined {
  if (!(message.line >= 1)) return undefined;
  const result: Sarif.Region = { startLine: message.line };
  if (message.column >= 1) result.startColumn = message.column;
  const { endLine, endColumn } = message;
  if (endLine === undefined || !(endLine >= message.line)) return result;
  result.endLine = endLine;
  if (endColumn !== undefined && endColumn >= 1 && (endLine > message.line || endColumn >= (result.startColumn ?? 1))) result.endColumn = endColumn;
  return result;
}

/** ESLint's suppressions as SARIF's: the baseline file is external, an `eslint-disable` comment is in source. */
function suppressions(message: Linter.SuppressedLintMessage): Sarif.Suppression[] {
  const seen = new Map<string, Sarif.Suppression>();
  for (const { kind, justification } of message.suppressions) {
    const suppression: Sarif.Suppression =
      kind === 'file'
        ? { kind: 'external', justification: BASELINE_JUSTIFICATION }
        : { kind: 'inSource', ...(justification ? { justification } : {}) };
    seen.set(JSON.stringify(suppression), suppression);
  }
  return [...seen.values()];
}

function byPosition(a: Linter.LintMessage, b: Linter.LintMessage): number {
  return a.line - b.line || a.column - b.column || order(a.ruleId ?? '', b.ruleId ?? '') || order(a.message, b.message);
}

/** Builds one run; the artifacts and rules tables grow as results refer to them. */
class RunBuilder {
  readonly rules: Sarif.ReportingDescriptor[];
  readonly artifacts: Sarif.Artifact[] = [];
  readonly results: Sarif.Result[] = [];
  readonly notifications: Sarif.Notification[] = [];
  private readonly ruleIndex = new Map<string, number>();
  private readonly artifactIndex = new Map<string, number>();

  constructor(private readonly root: string, namespace: string) {
    this.rules = [
      ...Object.keys(plugin.rules).map((name) => ruleDescriptor(namespace, name)),
      ...(Object.keys(DEPLOY_RULES) as DeployRuleId[]).map((name) => deployRuleDescriptor(namespace, name)),
    ].sort((a, b) => order(a.id, b.id));
    this.rules.forEach((rule, index) => this.ruleIndex.set(rule.id, index));
  }

  private location(filePath: string, message?: Linter.LintMessage): Sarif.Location {
    const artifact = fileUri(this.root, filePath);
    const key = `${artifact.uriBaseId ?? ''}|${artifact.uri}`;
    let index = this.artifactIndex.get(key);
    if (index === undefined) {
      index = this.artifacts.push({ location: { ...artifact }, roles: ['analysisTarget'] }) - 1;
      this.artifactIndex.set(key, index);
    }
    const area = message && region(message);
    return { physicalLocation: { artifactLocation: { ...artifact, index }, ...(area ? { region: area } : {}) } };
  }

  private rule(ruleId: string): number {
    let index = this.ruleIndex.get(ruleId);
    if (index === undefined) {
      // A rule outside the plugin (the CLI keeps none today): described by its id alone.
      index = this.rules.push({ id: ruleId, shortDescription: { text: ruleId } }) - 1;
      this.ruleIndex.set(ruleId, index);
    }
    return index;
  }

  notify(kind: NotificationKind, level: Sarif.Notification.level, text: string, filePath: string, message?: Linter.LintMessage): void {
    this.notifications.push({
      level,
      message: { text },
      locations: [this.location(filePath, message)],
      descriptor: { id: NOTIFICATIONS[kind].id, index: NOTIFICATION_KINDS.indexOf(kind) },
    });
  }

  /** Adds a file's messages: rule reports as results, the others (parse errors first of all) as notifications. */
  addFile(result: ESLint.LintResult): void {
    for (const message of [...result.messages].sort(byPosition)) {
      if (message.ruleId === null) {
        const kind = message.fatal ? 'notAnalysed' : 'eslint';
        this.notify(kind, message.fatal || message.severity === 2 ? 'error' : 'warning', message.message, result.filePath, message);
      } else {
        this.results.push(this.result(result.filePath, message.ruleId, message));
      }
    }
    for (const message of [...result.suppressedMessages].sort(byPosition)) {
      if (message.ruleId !== null) this.results.push({ ...this.result(result.filePath, message.ruleId, message), suppressions: suppressions(message) });
    }
  }

  private result(filePath: string, ruleId: string, message: Linter.LintMessage): Sarif.Result {
    return {
      ruleId,
      ruleIndex: this.rule(ruleId),
      level: message.severity === 2 ? 'error' : 'warning',
      message: { text: message.message },
      locations: [this.location(filePath, message)],
    };
  }
}

/**
 * The SARIF log of a run.
 * @example sarifLog(report).runs[0].results[0] // { ruleId: 'pooler/no-listen', ruleIndex: 1, level: 'error', … }
 */
export function sarifLog(report: RunReport): Sarif.Log {
  const root = gitRoot(report.cwd) ?? report.cwd;
  const builder = new RunBuilder(root, report.namespace);
  const files = [...report.results].sort((a, b) => order(relativePath(root, a.filePath), relativePath(root, b.filePath)));
  for (const result of files) builder.addFile(result);
  const notAnalysed = new Set(files.filter((r) => r.messages.some((m) => m.fatal === true)).map((r) => r.filePath));
  const skipped = [...report.files.skipped].sort((a, b) => order(a.file, b.file) || order(a.reason, b.reason));
  // A file that does not parse has its notification already, with the parser's message and position.
  for (const { file, reason } of skipped) if (!notAnalysed.has(file)) builder.notify('skipped', 'warning', sentence(`Not analysed: ${reason}`), file);
  const run: Sarif.Run = {
    tool: {
      driver: {
        name: SARIF_TOOL_NAME,
        fullName: `${SARIF_TOOL_NAME} (${packageInfo.name} ${packageInfo.version})`,
        version: packageInfo.version,
        semanticVersion: packageInfo.version,
        informationUri: repositoryUrl,
        rules: builder.rules,
        notifications: NOTIFICATION_KINDS.map((kind) => ({ id: NOTIFICATIONS[kind].id, shortDescription: { text: NOTIFICATIONS[kind].text } })),
      },
    },
    invocations: [
      { executionSuccessful: notAnalysed.size === 0 && skipped.length === 0, toolExecutionNotifications: builder.notifications },
    ],
    originalUriBaseIds: { [SRCROOT]: { uri: directoryUrl(root) } },
    artifacts: builder.artifacts,
    results: builder.results,
    columnKind: 'utf16CodeUnits',
    properties: {
      profile: report.profileId,
      ...(report.profileOrigin ? { profileOrigin: report.profileOrigin[0] } : {}),
      filesAnalysed: report.files.code + report.files.sql + (report.files.deploy ?? 0),
      filesTyped: report.files.typed,
      sqlFiles: report.files.sql,
      ...(report.files.deploy ? { deploymentFiles: report.files.deploy } : {}),
      filesSkipped: report.files.skipped.length,
    },
  };
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
}

/**
 * The SARIF log of a run as text, ending with a newline.
 * @example formatSarif(report) // '{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json", …'
 */
export function formatSarif(report: RunReport): string {
  return `${JSON.stringify(sarifLog(report), null, 2)}\n`;
}
