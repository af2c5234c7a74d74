/**
 * SQL-level prepared statements one text prepares and deallocates itself (`closedInText`): one simple-protocol
 * round trip on one server connection. An EXECUTE or DEALLOCATE without its PREPARE earlier in the text, and a
 * PREPARE with no DEALLOCATE after it, stay open.
 */
import { describe } from 'node:test';
import { finding, itFinds } from './helpers.js';

const closed = { closedInText: true } as const;
const implicit = { inTransaction: 'implicit' } as const;

describe('PREPARE … DEALLOCATE in one text', () => {
  itFinds([
    [
      'PREPARE, EXECUTE, DEALLOCATE: all closed',
      'PREPARE q (int) AS SELECT $1; EXECUTE q(1); DEALLOCATE q',
      [
        finding('sql-prepare', 'PREPARE q (int) AS SELECT $1', { name: 'q', ...implicit, ...closed }),
        finding('sql-prepare', 'EXECUTE q(1)', { name: 'q', ...implicit, ...closed }),
        finding('sql-prepare', 'DEALLOCATE q', { name: 'q', ...closed }),
      ],
    ],
    [
      'DEALLOCATE PREPARE, names in any case, EXPLAIN ANALYZE EXECUTE',
      'PREPARE Q AS SELECT 1; EXPLAIN ANALYZE EXECUTE q; DEALLOCATE PREPARE q',
      [
        finding('sql-prepare', 'PREPARE Q AS SELECT 1', { name: 'q', ...implicit, ...closed }),
        finding('sql-prepare', 'EXPLAIN ANALYZE EXECUTE q', { name: 'q', ...implicit, ...closed }),
        finding('sql-prepare', 'DEALLOCATE PREPARE q', { name: 'q', ...closed }),
      ],
    ],
    [
      'DEALLOCATE ALL closes every PREPARE before it (and is itself a discard)',
      'PREPARE a AS SELECT 1; PREPARE b AS SELECT 2; EXECUTE b; DEALLOCATE ALL',
      [
        finding('sql-prepare', 'PREPARE a AS SELECT 1', { name: 'a', ...implicit, ...closed }),
        finding('sql-prepare', 'PREPARE b AS SELECT 2', { name: 'b', ...implicit, ...closed }),
        finding('sql-prepare', 'EXECUTE b', { name: 'b', ...implicit, ...closed }),
        finding('discard', 'DEALLOCATE ALL', { name: 'deallocate-all' }),
      ],
    ],
    [
      'DISCARD ALL closes them too',
      'PREPARE a AS SELECT 1; EXECUTE a; DISCARD ALL',
      [
        finding('sql-prepare', 'PREPARE a AS SELECT 1', { name: 'a', ...implicit, ...closed }),
        finding('sql-prepare', 'EXECUTE a', { name: 'a', ...implicit, ...closed }),
        finding('discard', 'DISCARD ALL', { name: 'all' }),
      ],
    ],
    [
      'PREPARE without DEALLOCATE stays open: the statement outlives the text',
      'PREPARE q AS SELECT 1; EXECUTE q',
      [finding('sql-prepare', 'PREPARE q AS SELECT 1', { name: 'q', ...implicit }), finding('sql-prepare', 'EXECUTE q', { name: 'q' })],
    ],
    [
      'EXECUTE and DEALLOCATE of a statement prepared elsewhere stay open',
      'EXECUTE q; DEALLOCATE q',
      [finding('sql-prepare', 'EXECUTE q', { name: 'q', ...implicit }), finding('sql-prepare', 'DEALLOCATE q', { name: 'q' })],
    ],
    [
      'an EXECUTE before the PREPARE, and of another name, stay open',
      'EXECUTE q; PREPARE q AS SELECT 1; EXECUTE r; DEALLOCATE q',
      [
        finding('sql-prepare', 'EXECUTE q', { name: 'q', ...implicit }),
        finding('sql-prepare', 'PREPARE q AS SELECT 1', { name: 'q', ...implicit, ...closed }),
        finding('sql-prepare', 'EXECUTE r', { name: 'r', ...implicit }),
        finding('sql-prepare', 'DEALLOCATE q', { name: 'q', ...closed }),
      ],
    ],
    [
      'DEALLOCATE ALL before the PREPARE does not close it',
      'DEALLOCATE ALL; PREPARE q AS SELECT 1',
      [finding('discard', 'DEALLOCATE ALL', { name: 'deallocate-all', ...implicit }), finding('sql-prepare', 'PREPARE q AS SELECT 1', { name: 'q' })],
    ],
    [
      'a statement prepared twice: the second PREPARE fails and stays open; DEALLOCATE closes the first',
      'PREPARE q AS SELECT 1; PREPARE q AS SELECT 2; DEALLOCATE q',
      [
        finding('sql-prepare', 'PREPARE q AS SELECT 1', { name: 'q', ...implicit, ...closed }),
        finding('sql-prepare', 'PREPARE q AS SELECT 2', { name: 'q', ...implicit }),
        finding('sql-prepare', 'DEALLOCATE q', { name: 'q', ...closed }),
      ],
    ],
    [
      'names from holes match nothing',
      { parts: ['PREPARE ', ' AS SELECT 1; EXECUTE ', '; DEALLOCATE ', ''], holes: ['raw', 'raw', 'raw'] },
      [
        finding('sql-prepare', 'PREPARE "__pooler_hole_0" AS SELECT 1', implicit),
        finding('sql-prepare', 'EXECUTE "__pooler_hole_1"', implicit),
        finding('sql-prepare', 'DEALLOCATE "__pooler_hole_2"'),
      ],
    ],
    [
      'scanned statements pair too',
      'PREPARE q AS SELEC 1; EXECUTE q; DEALLOCATE q',
      [
        finding('sql-prepare', 'PREPARE q AS SELEC 1', { name: 'q', confidence: 'scanned', ...implicit, ...closed }),
        finding('sql-prepare', 'EXECUTE q', { name: 'q', ...implicit, ...closed }),
        finding('sql-prepare', 'DEALLOCATE q', { name: 'q', ...closed }),
      ],
    ],
  ]);
});
