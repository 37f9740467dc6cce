// Generated at build time by scripts/schemaValidators.mjs (Ajv standalone code) from the
// schemas in schemas/; esbuild resolves this import to that code. Nothing to edit here.
import type { ErrorObject } from 'ajv';

/** An Ajv validate function: true when `value` is valid, else false with `errors` set (every error, `allErrors`). */
export interface GeneratedValidator {
  (value: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** schemas/incident.schema.json. */
export const validateIncident: GeneratedValidator;
/** schemas/config.schema.json. */
export const validateConfig: GeneratedValidator;
