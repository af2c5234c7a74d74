/**
 * Docker Compose files: the services, their images, their `environment` entries, bind mounts and `command`,
 * each with its position. Read with the `yaml` package's syntax tree (not `toJS`), so every value keeps its line and column;
 * anchors, aliases and `<<` merge keys resolve to the text they point at. `env_file` is listed, not followed:
 * a file it names is read, if at all, as an env file of its own. A file that is not valid YAML yields no services.
 */
import path from 'node:path';
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';

/** The base names of Compose files: `compose.yaml`, `docker-compose.yml`, `docker-compose.prod.yml`, `compose.override.yaml`. */
export const COMPOSE_FILE_PATTERN = /^(?:docker-)?compose(?:[.-][\w.-]*)?\.ya?ml$/i;

/** Whether a path names a Compose file, by its base name. */
export function isComposeFile(file: string): boolean {
  return COMPOSE_FILE_PATTERN.test(path.basename(file));
}

/** One `environment` entry of a service. */
export interface ComposeEnvEntry {
  name: string;
  /**
   * The value as written, with Compose interpolation left in (`${POOL_MODE:-transaction}`); undefined for an
   * entry without a value (`- DEBUG`, `DEBUG:`), which Compose takes from the shell.
   */
  value: string | undefined;
  /** 1-based position of the entry (the key of a map entry, the string of a list entry). */
  line: number;
  column: number;
}

/** A file or folder a service mounts from the host (`./pgbouncer.ini:/etc/pgbouncer/pgbouncer.ini:ro`). */
export interface ComposeMount {
  /** The host path as written, relative to the Compose file's folder when not absolute. */
  source: string;
  /** The path inside the container. */
  target: string;
  line: number;
  column: number;
}

/** One service of a Compose file. */
export interface ComposeService {
  /** The Compose file, as given to `composeServices`. */
  file: string;
  name: string;
  /** 1-based position of the service's key. */
  line: number;
  column: number;
  /** The `image` as written, when the service has one. */
  image?: string;
  imageLine?: number;
  imageColumn?: number;
  environment: ComposeEnvEntry[];
  /** Bind mounts of host paths (named volumes are left out). */
  mounts: ComposeMount[];
  /** The `env_file` paths as written (a string, a list of strings, or of `{ path }`): not read here. */
  envFiles: string[];
  /** The `command`, split into words (a string at blanks), and where it is written. */
  command?: { words: string[]; line: number; column: number };
}

/** An image reference split into repository and tag: `edoburu/pgbouncer:v1.22.1-p0`. */
export interface ImageReference {
  /** Lower case, registry and path included, tag and digest removed: `ghcr.io/postgresml/pgcat`. */
  repository: string;
  /** The tag as written (`v1.22.1-p0`); undefined when the image has none. */
  tag?: string;
  /** The `sha256:…` digest, when the image is pinned by one. */
  digest?: string;
}

/**
 * Splits an image reference. A `:` after the last `/` starts the tag (a `:` before it is a registry port).
 * @example parseImage('edoburu/pgbouncer:v1.22.1-p0') // { repository: 'edoburu/pgbouncer', tag: 'v1.22.1-p0' }
 * @example parseImage('localhost:5000/pgbouncer') // { repository: 'localhost:5000/pgbouncer' }
 */
export function parseImage(image: string): ImageReference {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(':');
  let tag: string | undefined;
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const reference: ImageReference = { repository: rest.toLowerCase() };
  if (tag) reference.tag = tag;
  if (digest) reference.digest = digest;
  return reference;
}

/**
 * The value Compose uses when no variable is set in the shell or a `.env` file: `${X:-d}` and `${X-d}` become
 * `d`, `$$` becomes `$`; undefined when the value depends on a variable without a default (`${X}`, `$X`).
 * @example interpolationDefault('${POOL_MODE:-session}') // 'session'
 */
export function interpolationDefault(value: string): string | undefined {
  let unknown = false;
  const result = value.replace(/\$\$|\$\{([^}]*)\}|\$[A-Za-z_]\w*/g, (match, inner: string | undefined) => {
    if (match === '$$') return '$';
    const fallback = inner === undefined ? undefined : /^\w+:?-(.*)$/s.exec(inner);
    if (fallback) return fallback[1] ?? '';
    unknown = true;
    return '';
  });
  return unknown ? undefined : result;
}

interface Reader {
  doc: Document;
  lines: LineCounter;
}

function position(reader: Reader, node: Node): { line: number; column: number } {
  const { line, col } = reader.lines.linePos(node.range?.[0] ?? 0);
  return { line, column: col };
}

/** A node with aliases resolved (an alias to nothing becomes undefined). */
function resolve(reader: Reader, node: unknown): unknown {
  return isAlias(node) ? node.resolve(reader.doc) : node;
}

/** The text of a scalar as written: plain scalars keep their source (`1.10` stays `1.10`), null is undefined. */
function scalarText(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  if (node.type === 'PLAIN' && typeof node.source === 'string') return node.source;
  return typeof node.value === 'string' ? node.value : String(node.value);
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (typeof key.value === 'symbol' || (key.type === 'PLAIN' && key.source === '<<'));
}

/** The pairs of a map node, `<<` merges expanded (merged pairs first, so the map's own keys win). */
function mapPairs(reader: Reader, node: unknown, depth = 0): { key: Node; value: unknown }[] {
  const map = resolve(reader, node);
  if (!isMap(map) || depth > 8) return [];
  const own: { key: Node; value: unknown }[] = [];
  const merged: { key: Node; value: unknown }[] = [];
  for (const pair of map.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    if (isMergeKey(pair.key)) {
      const sources = resolve(reader, pair.value);
      for (const source of isSeq(sources) ? sources.items : [sources]) merged.push(...mapPairs(reader, source, depth + 1));
    } else {
      own.push({ key: pair.key, value: pair.value });
    }
  }
  return [...merged, ...own];
}

function environmentOf(reader: Reader, node: unknown): ComposeEnvEntry[] {
  const environment = resolve(reader, node);
  const byName = new Map<string, ComposeEnvEntry>();
  if (isSeq(environment)) {
    for (const item of environment.items) {
      const scalar = resolve(reader, item);
      const text = scalarText(scalar);
      if (text === undefined || !isScalar(scalar)) continue;
      const equals = text.indexOf('=');
      const name = (equals < 0 ? text : text.slice(0, equals)).trim();
      if (name === '') continue;
      byName.set(name, { name, value: equals < 0 ? undefined : text.slice(equals + 1), ...position(reader, scalar) });
    }
  } else {
    for (const { key, value } of mapPairs(reader, environment)) {
      const name = scalarText(key)?.trim();
      if (!name) continue;
      byName.set(name, { name, value: scalarText(resolve(reader, value)), ...position(reader, key) });
    }
  }
  return [...byName.values()];
}

/** A host path, not a named volume: `./x`, `../x`, `/x`, `~/x`, `.`. */
function isHostPath(source: string): boolean {
  return /^(?:\.{1,2}(?:\/|$)|\/|~\/)/.test(source);
}

function mountsOf(reader: Reader, node: unknown): ComposeMount[] {
  const volumes = resolve(reader, node);
  if (!isSeq(volumes)) return [];
  const mounts: ComposeMount[] = [];
  for (const item of volumes.items) {
    const entry = resolve(reader, item);
    let source: string | undefined;
    let target: string | undefined;
    if (isScalar(entry)) {
      [source, target] = (scalarText(entry) ?? '').split(':');
    } else {
      const fields = new Map(mapPairs(reader, entry).map(({ key, value }) => [scalarText(key), scalarText(resolve(reader, value))]));
      if ((fields.get('type') ?? 'bind') !== 'bind') continue;
      source = fields.get('source');
      target = fields.get('target');
    }
    if (source && target && isHostPath(source)) mounts.push({ source, target, ...position(reader, entry as Node) });
  }
  return mounts;
}

function envFilesOf(reader: Reader, node: unknown): string[] {
  const envFile = resolve(reader, node);
  const items = isSeq(envFile) ? envFile.items.map((item) => resolve(reader, item)) : [envFile];
  return items.flatMap((item) => {
    const text = isMap(item) ? scalarText(resolve(reader, mapPairs(reader, item).find(({ key }) => scalarText(key) === 'path')?.value)) : scalarText(item);
    return text ? [text] : [];
  });
}

function commandOf(reader: Reader, node: unknown): ComposeService['command'] {
  const command = resolve(reader, node);
  const words = isSeq(command)
    ? command.items.flatMap((item) => scalarText(resolve(reader, item)) ?? [])
    : (scalarText(command)?.split(/\s+/).filter((word) => word !== '') ?? []);
  return words.length > 0 ? { words, ...position(reader, command as Node) } : undefined;
}

function serviceOf(reader: Reader, file: string, key: Node, node: unknown): ComposeService | undefined {
  const name = scalarText(key);
  const pairs = mapPairs(reader, node);
  if (name === undefined || pairs.length === 0) return undefined;
  const service: ComposeService = { file, name, ...position(reader, key), environment: [], mounts: [], envFiles: [] };
  for (const { key: field, value } of pairs) {
    const fieldName = scalarText(field);
    if (fieldName === 'environment') service.environment = environmentOf(reader, value);
    if (fieldName === 'volumes') service.mounts = mountsOf(reader, value);
    if (fieldName === 'env_file') service.envFiles = envFilesOf(reader, value);
    if (fieldName === 'command') {
      const command = commandOf(reader, value);
      if (command) service.command = command;
    }
    if (fieldName !== 'image') continue;
    const image = scalarText(resolve(reader, value));
    if (image === undefined) continue;
    const where = position(reader, (isAlias(value) ? field : value) as Node);
    service.image = image;
    service.imageLine = where.line;
    service.imageColumn = where.column;
  }
  return service;
}

/**
 * The services of a Compose file, in file order. A file without a top-level `services` is read as the legacy
 * (version 1) format, where each top-level map with an `image` or `build` is a service. Never throws: text that
 * is not valid YAML, or not a map, yields no services.
 * @example composeServices('services:\n  db:\n    image: postgres:16\n', 'compose.yaml')[0].image // 'postgres:16'
 */
export function composeServices(text: string, file: string): ComposeService[] {
  try {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, merge: true, prettyErrors: false });
    if (doc.errors.length > 0) return [];
    const reader: Reader = { doc, lines };
    const top = mapPairs(reader, doc.contents);
    const services = top.find(({ key }) => scalarText(key) === 'services');
    const entries = services
      ? mapPairs(reader, services.value)
      : top.filter(({ value }) => mapPairs(reader, value).some(({ key }) => ['image', 'build'].includes(scalarText(key) ?? '')));
    return entries.flatMap(({ key, value }) => serviceOf(reader, file, key, value) ?? []);
  } catch {
    return [];
  }
}
