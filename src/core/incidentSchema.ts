// The shipped JSON Schema (schemas/) is the one definition of a valid incident file:
// the YAML extension validates with it in the editor, and the core validates with it here,
// through validators compiled from it at build time (scripts/schemaValidators.mjs).
import type { ErrorObject } from 'ajv';
import { validateConfig, validateIncident, type GeneratedValidator } from './generated/schemaValidators';

function errorsOf(validate: GeneratedValidator, value: unknown): ErrorObject[] {
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

/** Every way `value` (a parsed incident file) breaks schemas/incident.schema.json; empty when valid. */
export function validateIncidentValue(value: unknown): ErrorObject[] {
  return errorsOf(validateIncident, value);
}

/** Every way `value` (a parsed .incidents/config.yaml) breaks schemas/config.schema.json; empty when valid. */
export function validateConfigValue(value: unknown): ErrorObject[] {
  return errorsOf(validateConfig, value);
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
    case 'maxLength':
      return `${field} must be at most ${String(params.limit)} characters.`;
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum':
      return `${field} must be ${String(params.comparison)} ${String(params.limit)}.`;
    case 'minItems':
      return `${field} must have at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}.`;
    case 'maxItems':
      return `${field} must have at most ${String(params.limit)} items.`;
    default:
      // The generated validators carry no message texts (scripts/schemaValidators.mjs): every
      // keyword the schemas use has its sentence above.
      return `${field} is invalid (${error.keyword}).`;
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
