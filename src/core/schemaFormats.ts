// The string formats the shipped schemas use, for the validators generated at build time
// (scripts/schemaValidators.mjs refers to this module by name).
import { parseTimestamp } from './time';

export const formats = {
  // date-time is read by the same function that reads the file's times, so whatever the schema
  // accepts is read to its instant, and whatever cannot be read is a schema error at its line.
  'date-time': { type: 'string', validate: (text: string) => parseTimestamp(text) !== undefined },
  // A URI is what the WHATWG URL parser (the one that opens it) reads, scheme included: the
  // editor and the browser agree on it, and no format library is bundled for one format.
  uri: { type: 'string', validate: (text: string) => URL.canParse(text) },
};
