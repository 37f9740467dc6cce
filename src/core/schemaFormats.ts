// The string formats the shipped schemas use, for the validators generated at build time
// (scripts/schemaValidators.mjs refers to this module by name).
import { fullFormats } from 'ajv-formats/dist/formats';
import { parseTimestamp } from './time';

export const formats = {
  // date-time is read by the same function that reads the file's times, so whatever the schema
  // accepts is read to its instant, and whatever cannot be read is a schema error at its line.
  'date-time': { type: 'string', validate: (text: string) => parseTimestamp(text) !== undefined },
  uri: fullFormats.uri,
};
