/**
 * The files of a domain that never touch a database: DTOs and row mappers, input validation, the service
 * with its business rules, Express-style routes, policies and domain events. Most of a real application
 * looks like this, and a linter pays for every one of these files too.
 */
import { writable, type Domain, type Field } from './domain.js';
import type { Random } from './random.js';

const TS_OF: Record<Field['ts'], string> = { string: 'string', number: 'number', boolean: 'boolean', Date: 'Date' };

function fromRow(field: Field): string {
  const value = `row.${field.name} ?? row.${field.column}`;
  switch (field.ts) {
    case 'number':
      return `Number(${value} ?? 0)`;
    case 'boolean':
      return `Boolean(${value})`;
    case 'Date':
      return `new Date(String(${value}))`;
    default:
      return `String(${value} ?? '')`;
  }
}

/**
 * `<domain>.dto.ts`: the entity, its inputs, and the mappers from database rows and to JSON.
 * @example dtoFile(random, domain) // 'export interface Invoice { … }'
 */
export function dtoFile(random: Random, d: Domain): string {
  const fields = writable(d);
  const status = d.status?.values?.map((v) => `'${v}'`).join(' | ');
  const out = [
    `/** ${d.entity} as the API returns it. */`,
    `export interface ${d.entity} {`,
    ...d.fields.map((f) => `  ${f.name}: ${f === d.status ? `${d.entity}Status` : TS_OF[f.ts]};`),
    '}',
    '',
    ...(status
      ? [`export type ${d.entity}Status = ${status};`, '', `export const ${d.variable.toUpperCase()}_STATUSES: readonly ${d.entity}Status[] = [${status.replaceAll(' |', ',')}];`, '']
      : []),
    `export interface Create${d.entity}Input {`,
    ...fields.map((f) => `  ${f.name}: ${f === d.status ? `${d.entity}Status` : TS_OF[f.ts]};`),
    '}',
    '',
    `export type Update${d.entity}Input = Partial<Create${d.entity}Input>;`,
    '',
    `export function to${d.entity}(row: Record<string, unknown>): ${d.entity} {`,
    '  return {',
    ...d.fields.map((f) => `    ${f.name}: ${fromRow(f)}${f === d.status ? ` as ${d.entity}Status` : ''},`),
    '  };',
    '}',
    '',
    `export function ${d.variable}ToJson(value: ${d.entity}): Record<string, unknown> {`,
    '  return {',
    ...d.fields.map((f) => `    ${f.name}: ${f.ts === 'Date' ? `value.${f.name}.toISOString()` : `value.${f.name}`},`),
    '  };',
    '}',
  ];
  if (random.chance(0.5)) {
    out.push(
      '',
      `export function same${d.entity}(a: ${d.entity}, b: ${d.entity}): boolean {`,
      `  return ${d.fields.map((f) => (f.ts === 'Date' ? `a.${f.name}.getTime() === b.${f.name}.getTime()` : `a.${f.name} === b.${f.name}`)).join(' &&\n    ')};`,
      '}',
    );
  }
  return out.join('\n');
}

function check(f: Field, d: Domain, optional: boolean): string[] {
  const v = `input.${f.name}`;
  const guard = optional ? `${v} !== undefined && ` : '';
  switch (f.ts) {
    case 'number':
      return [`  if (${guard}!isFiniteNumber(${v})) errors.push('${f.name} must be a number');`];
    case 'boolean':
      return [`  if (${guard}typeof ${v} !== 'boolean') errors.push('${f.name} must be true or false');`];
    case 'Date':
      return [`  if (${guard}!isIsoDate(${v})) errors.push('${f.name} must be an ISO date');`];
    default:
      if (f === d.status) {
        return [`  if (${guard}!${d.variable.toUpperCase()}_STATUSES.includes(${v} as ${d.entity}Status)) errors.push('${f.name} is not a known status');`];
      }
      return [
        `  if (${guard}!isNonEmptyString(${v})) errors.push('${f.name} is required');`,
        `  else if (typeof ${v} === 'string' && ${v}.length > ${f.name === 'description' ? 2000 : 200}) errors.push('${f.name} is too long');`,
      ];
  }
}

function coerce(f: Field, d: Domain): string {
  const v = `input.${f.name}`;
  if (f.ts === 'Date') return `new Date(String(${v}))`;
  if (f === d.status) return `${v} as ${d.entity}Status`;
  return `${v} as ${TS_OF[f.ts]}`;
}

/**
 * `<domain>.validation.ts`: hand-written validators for the create and update inputs.
 * @example validationFile(domain) // 'export function validateCreateInvoice(body: unknown) …'
 */
export function validationFile(d: Domain): string {
  const fields = writable(d);
  const types = [`Create${d.entity}Input`, `Update${d.entity}Input`, ...(d.status ? [`${d.entity}Status`] : [])];
  const header = [
    "import { fail, isFiniteNumber, isIsoDate, isNonEmptyString, ok, type Result } from '../../lib/validation.js';",
    `import { ${d.status ? `${d.variable.toUpperCase()}_STATUSES, ` : ''}type ${types.join(', type ')} } from './${d.name}.dto.js';`,
  ];
  const body = (name: string, optional: boolean, result: string): string[] => [
    `export function ${name}(body: unknown): Result<${result}> {`,
    "  if (typeof body !== 'object' || body === null) return fail('body must be an object');",
    '  const input = body as Record<string, unknown>;',
    '  const errors: string[] = [];',
    ...fields.flatMap((f) => check(f, d, optional)),
    "  if (errors.length > 0) return fail(errors.join('; '));",
    optional ? `  const output: ${result} = {};` : `  return ok({`,
    ...(optional
      ? [...fields.map((f) => `  if (input.${f.name} !== undefined) output.${f.name} = ${coerce(f, d)};`), '  return ok(output);']
      : [...fields.map((f) => `    ${f.name}: ${coerce(f, d)},`), '  });']),
    '}',
  ];
  return [
    ...header,
    '',
    ...body(`validateCreate${d.entity}`, false, `Create${d.entity}Input`),
    '',
    ...body(`validateUpdate${d.entity}`, true, `Update${d.entity}Input`),
  ].join('\n');
}

/**
 * `<domain>.routes.ts`: an Express router calling the service.
 * @example routesFile(random, domain) // "router.get('/invoices/:id', …)"
 */
export function routesFile(random: Random, d: Domain): string {
  const base = `/${d.name}s`;
  const handler = (method: string, route: string, lines: string[]): string[] => [
    `  router.${method}('${route}', async (req: Request, res: Response, next: NextFunction) => {`,
    '    try {',
    ...lines.map((l) => `      ${l}`),
    '    } catch (error) {',
    '      next(error);',
    '    }',
    '  });',
  ];
  const out = [
    "import { Router, type NextFunction, type Request, type Response } from 'express';",
    "import { badRequest, tenantOf } from '../../lib/http.js';",
    "import { pageOf } from '../../lib/pagination.js';",
    `import { ${d.variable}ToJson } from './${d.name}.dto.js';`,
    `import type { ${d.entity}Service } from './${d.name}.service.js';`,
    `import { validateCreate${d.entity}, validateUpdate${d.entity} } from './${d.name}.validation.js';`,
    '',
    `export function ${d.variable}Routes(service: ${d.entity}Service): Router {`,
    '  const router = Router();',
    ...handler('get', base, [
      'const page = pageOf(req.query.limit, req.query.offset);',
      'const items = await service.list(tenantOf(req), page);',
      `res.json({ items: items.map(${d.variable}ToJson), limit: page.limit, offset: page.offset });`,
    ]),
    ...handler('get', `${base}/:id`, [`res.json(${d.variable}ToJson(await service.get(tenantOf(req), req.params.id ?? '')));`]),
    ...handler('post', base, [
      `const input = validateCreate${d.entity}(req.body);`,
      'if (!input.ok) return badRequest(res, input.error);',
      'const created = await service.create(tenantOf(req), input.value);',
      'res.status(201).json({ id: created });',
    ]),
    ...handler('patch', `${base}/:id`, [
      `const input = validateUpdate${d.entity}(req.body);`,
      'if (!input.ok) return badRequest(res, input.error);',
      "await service.update(tenantOf(req), req.params.id ?? '', input.value);",
      'res.status(204).end();',
    ]),
    ...handler('delete', `${base}/:id`, ["await service.remove(tenantOf(req), req.params.id ?? '');", 'res.status(204).end();']),
  ];
  if (d.status && random.chance(0.6)) {
    out.push(...handler('get', `${base}/stats/by-status`, ['res.json(await service.statusSummary(tenantOf(req)));']));
  }
  out.push('  return router;', '}');
  return out.join('\n');
}
