/**
 * `settings.pooler` from the project's own ESLint config, so that `pooler-lint` and the editor agree: loaded
 * with ESLint's own loader (`calculateConfigForFile`), the config file found as ESLint finds it, or the one
 * `--config` names. No config file is fine (nothing read); one that fails to load is a configuration error.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { firstLine, UsageError } from './args.js';

/** The project's `settings.pooler` and the config file it came from. */
export interface ProjectSettings {
  pooler: Record<string, unknown>;
  /** The config file, relative to cwd (for messages); absent when none was found. */
  configFile?: string;
}

/**
 * Reads `settings.pooler` as the project's ESLint config gives it for the first of `files` the config does not
 * ignore (a file of the base directory when there is none). Throws `UsageError` when `explicit` does not exist,
 * the config fails to load, or `settings.pooler` is not an object.
 * @example await projectSettings('/repo', ['/repo/src/db.ts']) // { pooler: { profile: 'rds-proxy' }, configFile: 'eslint.config.js' }
 */
export async function projectSettings(cwd: string, files: readonly string[], explicit?: string): Promise<ProjectSettings> {
  const overrideConfigFile = explicit === undefined ? undefined : path.resolve(cwd, explicit);
  if (overrideConfigFile !== undefined && !existsSync(overrideConfigFile)) throw new UsageError(`--config '${explicit}' does not exist.`);
  const eslint = new ESLint({ cwd, ...(overrideConfigFile ? { overrideConfigFile } : {}) });
  const candidates = files.length > 0 ? files : [path.join(cwd, 'index.js')];
  const found = overrideConfigFile ?? (await eslint.findConfigFile(candidates[0]));
  if (found === undefined) return { pooler: {} };
  const configFile = path.relative(cwd, found) || found;
  let settings: unknown;
  try {
    for (const file of candidates) {
      const config = (await eslint.calculateConfigForFile(file)) as { settings?: Record<string, unknown> } | undefined;
      if (config === undefined) continue;
      settings = config.settings?.pooler;
      break;
    }
  } catch (error) {
    throw new UsageError(`cannot load the ESLint config ${configFile}: ${firstLine(error)}`);
  }
  if (settings === undefined) return { pooler: {}, configFile };
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    throw new UsageError(`settings.pooler in ${configFile} must be an object, got ${JSON.stringify(settings)}.`);
  }
  return { pooler: { ...(settings as Record<string, unknown>) }, configFile };
}
