import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { repoPath } from '../repo-root.js';

/**
 * A validator for SARIF 2.1.0, from the schema @microsoft/jest-sarif ships (draft-04, read by Ajv 8).
 * @example const validate = sarifValidator(); assert.ok(validate(log), JSON.stringify(validate.errors));
 */
export function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(repoPath('node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  // The schema's language pattern is not valid in unicode mode (`…{2}]?$`).
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:\S*$/i);
  ajv.addFormat('uri-reference', /^\S*$/);
  ajv.addFormat('date-time', (text: string) => !Number.isNaN(Date.parse(text)));
  return ajv.compile(schema);
}

/** The first errors of a failed validation, for an assertion message. */
export function schemaErrors(validate: ValidateFunction): string {
  return JSON.stringify(validate.errors?.slice(0, 3));
}
