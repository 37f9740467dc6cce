// The shipped JSON Schema (schemas/) is the one definition of a valid incident file:
// the YAML extension validates with it in the editor, and the core validates with it here.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import incidentSchema from '../../schemas/incident.schema.json';
import configSchema from '../../schemas/config.schema.json';
import { parseTimestamp } from './time';

let ajv: Ajv | undefined;
const validators = new Map<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    // date-time is read by the same function that reads the file's times, so whatever the schema
    // accepts is read to its instant, and whatever cannot be read is a schema error at its line.
    ajv ??= addFormats(new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }), ['uri'])
      .addFormat('date-time', { type: 'string', validate: (text: string) => parseTimestamp(text) !== undefined });
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

export function validateIncidentValue(value: unknown): ErrorObject[] {
  const validate = validatorFor(incidentSchema);
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

export function validateConfigValue(value: unknown): ErrorObject[] {
  const validate = validatorFor(configSchema);
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

/** A schema error in the user's terms. */
export function describeSchemaError(error: ErrorObject): string {
  const field = fieldName(error);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `Missing required field "${String(params.missingProperty)}".`;
    case 'additionalProperties':
      return `Unknown field "${String(params.additionalProperty)}": kept in the file, ignored by Incident Lens.`;
    case 'enum':
      return `${field} must be one of: ${(params.allowedValues as unknown[]).join(', ')}.`;
    case 'type':
      return `${field} must be ${article(String(params.type).replace(',', ' or '))}.`;
    case 'format':
      return params.format === 'date-time'
        ? `${field} must be an ISO 8601 date and time with a time zone, such as 2026-03-02T14:05:00Z.`
        : `${field} must be a valid ${String(params.format).toUpperCase()}.`;
    case 'pattern':
      return field === 'lines'
        ? 'lines must be a line number or a range such as 40-62.'
        : `${field} has an invalid form (expected ${String(params.pattern)}).`;
    case 'minLength':
      return `${field} must not be empty.`;
    default:
      return `${field} ${error.message ?? 'is invalid'}.`;
  }
}

function fieldName(error: ErrorObject): string {
  const segments = error.instancePath.split('/').filter((s) => s !== '' && !/^\d+$/.test(s));
  return segments.at(-1) ?? 'The file';
}

function article(type: string): string {
  if (type === 'object') return 'a mapping';
  if (type === 'array') return 'a list';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
