/**
 * Prisma's deployment settings: the `datasource` of `schema.prisma` (provider, `url`, `directUrl`), the
 * `datasource` of `prisma.config.ts` (Prisma 6.6+; the URL Prisma 7's CLI and Migrate use), and which query path
 * the client takes: the Rust engine of Prisma ≤ 6 (named prepared statements `s0`, `s1`, … — pooler-facts.md
 * H7, I-7) or a driver adapter (`@prisma/adapter-pg`: pg's unnamed statements). Read as text: these files are
 * declarations, and a value that is not a literal or an `env("X")` is left unknown.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Where a datasource setting comes from: a literal connection string or an environment variable. */
export interface PrismaValue {
  env?: string;
  literal?: string;
  line: number;
  column: number;
}

/** A `datasource` block of a schema or of `prisma.config.ts`. */
export interface PrismaDatasource {
  file: string;
  origin: 'schema' | 'config';
  /** The block's first line (`datasource db {`). */
  line: number;
  column: number;
  /** `postgresql`; undefined in `prisma.config.ts` (the schema says). */
  provider?: string;
  url?: PrismaValue;
  directUrl?: PrismaValue;
}

/** What the schema's generators say about the query path. */
export interface PrismaGenerators {
  /** `engineType = "client"` or the `queryCompiler` preview feature: no Rust query engine. */
  noRustEngine: boolean;
}

/** A 1-based line and column of each offset of a text. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** The text with `//` comments blanked out (same length, so offsets still point into the original); strings kept. */
function withoutComments(text: string): string {
  return text.replace(/(["'`])(?:(?!\1)[^\\\n]|\\.)*\1|\/\/[^\n]*/g, (token) => (token.startsWith('//') ? ' '.repeat(token.length) : token));
}

/** `{ … }` blocks of a schema: `datasource db {`, `generator client {`. */
function blocks(text: string, keyword: string): Array<{ start: number; bodyStart: number; body: string }> {
  const found: Array<{ start: number; bodyStart: number; body: string }> = [];
  for (const match of text.matchAll(new RegExp(`(^|\\n)\\s*${keyword}\\s+\\w+\\s*\\{`, 'g'))) {
    const start = match.index + match[0].search(/\S/);
    const bodyStart = match.index + match[0].length;
    const end = text.indexOf('}', bodyStart);
    found.push({ start, bodyStart, body: text.slice(bodyStart, end < 0 ? text.length : end) });
  }
  return found;
}

const SCHEMA_VALUE = /^(\s*)(\w+)\s*=\s*(env\(\s*"([^"]+)"\s*\)|"((?:[^"\\]|\\.)*)")/gm;

/**
 * The `datasource` blocks of a Prisma schema file.
 * @example schemaDatasources('/app/prisma/schema.prisma', 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}')
 *   // [{ origin: 'schema', line: 1, provider: 'postgresql', url: { env: 'DATABASE_URL', line: 3, column: 9 }, … }]
 */
export function schemaDatasources(file: string, source: string): PrismaDatasource[] {
  const text = withoutComments(source);
  return blocks(text, 'datasource').map((block) => {
    const datasource: PrismaDatasource = { file, origin: 'schema', ...position(text, block.start) };
    for (const match of block.body.matchAll(SCHEMA_VALUE)) {
      const key = match[2]!;
      const at = position(text, block.bodyStart + match.index + match[1]!.length + match[0].slice(match[1]!.length).indexOf(match[3]!));
      const value: PrismaValue = match[4] !== undefined ? { env: match[4], ...at } : { literal: match[5]!, ...at };
      if (key === 'provider') datasource.provider = value.literal;
      else if (key === 'url') datasource.url = value;
      else if (key === 'directUrl') datasource.directUrl = value;
    }
    return datasource;
  });
}

/**
 * What the schema's `generator` blocks say about the query engine.
 * @example schemaGenerators('generator client {\n  provider = "prisma-client-js"\n  engineType = "client"\n}').noRustEngine // true
 */
export function schemaGenerators(source: string): PrismaGenerators {
  const bodies = blocks(withoutComments(source), 'generator').map((block) => block.body);
  return { noRustEngine: bodies.some((body) => /engineType\s*=\s*"client"/.test(body) || /previewFeatures\s*=\s*\[[^\]]*"queryCompiler"/.test(body)) };
}

const CONFIG_VALUE =
  /\b(url|directUrl)\s*:\s*(?:env(?:<[^>]*>)?\(\s*['"`](\w+)['"`]\s*\)|process\.env\.(\w+)|process\.env\[\s*['"`](\w+)['"`]\s*\]|(['"`])((?:postgres(?:ql)?:)[^'"`]*)\5)/g;

/**
 * The `datasource` of a `prisma.config.ts` (`defineConfig({ datasource: { url: env('DATABASE_URL') } })`).
 * @example configDatasource('/app/prisma.config.ts', "export default defineConfig({ datasource: { url: env('DIRECT_URL') } })")?.url?.env // 'DIRECT_URL'
 */
export function configDatasource(file: string, source: string): PrismaDatasource | undefined {
  const text = withoutComments(source);
  const open = /\bdatasource\s*:\s*\{/.exec(text);
  if (!open) return undefined;
  const bodyStart = open.index + open[0].length;
  const end = text.indexOf('}', bodyStart);
  const body = text.slice(bodyStart, end < 0 ? text.length : end);
  const datasource: PrismaDatasource = { file, origin: 'config', ...position(text, open.index) };
  for (const match of body.matchAll(CONFIG_VALUE)) {
    const env = match[2] ?? match[3] ?? match[4];
    const afterColon = match[0].slice(match[0].indexOf(':') + 1);
    const offset = bodyStart + match.index + match[0].length - afterColon.trimStart().length;
    const value: PrismaValue = env !== undefined ? { env, ...position(text, offset) } : { literal: match[6]!, ...position(text, offset) };
    if (match[1] === 'url') datasource.url = value;
    else datasource.directUrl = value;
  }
  return datasource;
}

/** The Prisma Client a project uses: its major version and whether it goes through a driver adapter. */
export interface PrismaClientInfo {
  /** Major version, when the package.json or a lockfile tells. */
  major?: number;
  /** `@prisma/client 6.19.0` from a lockfile, `@prisma/client ^6.1.0` from package.json. */
  version?: string;
  /** A `@prisma/adapter-*` dependency: queries go through the adapter's driver. */
  adapter?: string;
}

const CLIENT = '@prisma/client';

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function lockedVersion(dir: string): string | undefined {
  const npm = readJson(path.join(dir, 'package-lock.json'));
  const packages = npm?.packages as Record<string, { version?: string }> | undefined;
  const fromNpm = packages?.[`node_modules/${CLIENT}`]?.version;
  if (fromNpm) return fromNpm;
  for (const [lockfile, pattern] of [
    ['pnpm-lock.yaml', /\/?@prisma\/client@(\d+\.\d+\.\d+)/],
    ['yarn.lock', /"?@prisma\/client@[^\n]*:\n\s+version:?\s+"?(\d+\.\d+\.\d+)/],
    ['bun.lock', /"@prisma\/client@(\d+\.\d+\.\d+)"/],
  ] as const) {
    const file = path.join(dir, lockfile);
    if (!existsSync(file)) continue;
    try {
      const match = pattern.exec(readFileSync(file, 'utf8'));
      if (match) return match[1];
    } catch {
      // unreadable lockfile: no version from it
    }
  }
  return undefined;
}

/**
 * The Prisma Client of the project a schema belongs to: the nearest package.json from `dir` up to `top` that
 * depends on `@prisma/client` or `prisma`, its lockfile's version (else its range), and any `@prisma/adapter-*`.
 * @example prismaClientInfo('/app/prisma', '/app') // { major: 6, version: '@prisma/client 6.19.0' }
 */
export function prismaClientInfo(dir: string, top: string): PrismaClientInfo {
  const info: PrismaClientInfo = {};
  for (let current = dir; ; current = path.dirname(current)) {
    const pkg = readJson(path.join(current, 'package.json'));
    const deps = { ...(pkg?.devDependencies as object), ...(pkg?.dependencies as object) } as Record<string, string>;
    const adapter = Object.keys(deps).find((name) => name.startsWith('@prisma/adapter-'));
    if (adapter !== undefined) info.adapter ??= adapter;
    const range = deps[CLIENT] ?? deps.prisma;
    const version = lockedVersion(current);
    if (version !== undefined || (range !== undefined && /\d/.test(range))) {
      info.version ??= `${CLIENT} ${version ?? range}`;
      info.major ??= Number(/(\d+)/.exec(version ?? range!)![1]);
    }
    if (info.major !== undefined && info.adapter !== undefined) break;
    if (current === top || path.dirname(current) === current || path.relative(top, current).startsWith('..')) break;
  }
  return info;
}
