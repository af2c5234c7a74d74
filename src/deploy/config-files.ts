/**
 * The project's own configuration files where a connection string is written as a literal: node-config's
 * `config/*.json|yaml`, sequelize-cli's `config/config.json`, TypeORM's `ormconfig.json|yml`, db-migrate's
 * `database.json`, Heroku's `app.json`, Render's `render.yaml`. Read with the `yaml` package's syntax tree (JSON is
 * YAML), so each string keeps its line and column. Only `postgres://` and `postgresql://` URLs count: a key=value
 * string in a config file is too easily something else. Each URL is named by its key path
 * (`production.url`), never by its value.
 */
import path from 'node:path';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { EnvEntry } from './env-files.js';

/** Glob patterns of project config files, relative to a scanned directory. */
export const CONFIG_FILE_PATTERNS: readonly string[] = [
  '**/config/*.{json,yml,yaml}',
  '**/ormconfig.{json,yml,yaml}',
  '**/database.{json,yml,yaml}',
  '**/app.json',
  '**/render.{yml,yaml}',
];

const CONFIG_NAME = /^(?:ormconfig|database)\.(?:json|ya?ml)$|^app\.json$|^render\.ya?ml$/;
const IN_CONFIG_DIR = /\.(?:json|ya?ml)$/;
/** Files that sit in a `config/` folder but are tool settings, never an app's database settings. */
const TOOL_FILE = /^(?:package(?:-lock)?|tsconfig(?:\.[\w-]+)?|jsconfig|composer|\.?eslintrc|\.?prettierrc)\.json$/;

/**
 * Whether a path names a project config file, by its name and folder.
 * @example isConfigFile('/app/config/production.json') // true
 * @example isConfigFile('/app/config/tsconfig.json') // false
 */
export function isConfigFile(file: string): boolean {
  const name = path.basename(file);
  if (CONFIG_NAME.test(name)) return true;
  return path.basename(path.dirname(file)) === 'config' && IN_CONFIG_DIR.test(name) && !TOOL_FILE.test(name);
}

const URL_START = /^\s*postgres(?:ql)?:\/\//i;
const MAX_DEPTH = 32;

/** `production.url`, `env.DATABASE_URL.value`, `datasources[0].url`. */
function keyPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  const part = /^[\w-]+$/.test(key) ? key : JSON.stringify(key);
  return parent === '' ? part : `${parent}.${part}`;
}

/**
 * The Postgres URLs written as string values of a JSON or YAML config file, each named by its key path, as env
 * entries (the same checks apply). Never throws: text that is not valid JSON or YAML yields nothing.
 * @example configUrls('/app/config/default.json', '{ "db": { "url": "postgres://app@db:6432/app?options=-c%20search_path%3Dx" } }')[0].name // 'db.url'
 */
export function configUrls(file: string, text: string): EnvEntry[] {
  if (!/postgres(?:ql)?:\/\//i.test(text)) return [];
  try {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
    if (doc.errors.length > 0) return [];
    const found: EnvEntry[] = [];
    const visit = (node: unknown, name: string, depth: number): void => {
      if (depth > MAX_DEPTH) return;
      if (isMap(node)) {
        for (const pair of node.items) {
          if (isPair(pair) && isScalar(pair.key)) visit(pair.value, keyPath(name, String(pair.key.value)), depth + 1);
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, index) => visit(item, keyPath(name, index), depth + 1));
      } else if (isScalar(node) && typeof node.value === 'string' && URL_START.test(node.value)) {
        const { line, col } = lines.linePos(node.range?.[0] ?? 0);
        // A quoted scalar starts at its quote; the value starts one column later.
        const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
        found.push({ name: name === '' ? 'the document' : name, value: node.value, file, line, column: col + (quoted ? 1 : 0) });
      }
    };
    visit(doc.contents, '', 0);
    return found;
  } catch {
    return [];
  }
}
