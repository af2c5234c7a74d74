/**
 * Where the program-pass fixture project lives and what every case imports from it (no test-runner
 * wiring here, so child processes can import it too).
 */
import { repoPath } from '../repo-root.js';

/** The fixture project of the program-pass tests. */
export const APP = repoPath('fixtures', 'program', 'app');

/** The file every typed case is linted as. */
export const HANDLER = repoPath('fixtures', 'program', 'app', 'src', 'handler.ts');

/**
 * The imports every case starts with (two lines), so a case body starts on line 3.
 * `db.ts`: query, exec, limited, send, setPath, inTransaction, run, direct, db, pool;
 * `clients.ts`: client helpers.
 */
export const IMPORTS =
  "import { query, exec, limited, send, setPath, inTransaction, run, direct, db, pool } from './db.js';\n" +
  "import { getClient, getTenantClient, withClient, releaseClient, releaseIfOk, sharedClient } from './clients.js';\n";
