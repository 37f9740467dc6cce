// Compiles the shipped JSON Schemas (schemas/) into validation functions at build time (Ajv's
// standalone code), so neither bundle carries Ajv's compiler (about 130 KB minified with its URI
// library) and activation does not compile the schemas. src/core/generated/schemaValidators.d.ts
// types what this emits; the esbuild builds (dist/ and the tests') resolve the import to it.
import Ajv, { _ } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const SCHEMAS = { validateIncident: 'schemas/incident.schema.json', validateConfig: 'schemas/config.schema.json' };
/** Annotations that do not change what validates; left out of the schema copies the code embeds. */
const ANNOTATIONS = new Set(['description', 'markdownDescription', 'title', 'examples', '$comment', 'defaultSnippets']);
/** Keywords whose value maps names to schemas, so a field there named `description` is a field, not an annotation. */
const NAME_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependencies']);

function withoutAnnotations(schema, inNameMap = false) {
  if (Array.isArray(schema)) return schema.map((item) => withoutAnnotations(item));
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => inNameMap || !ANNOTATIONS.has(key))
      .map(([key, value]) => [key, key === 'enum' || key === 'const' || key === 'default' ? value : withoutAnnotations(value, !inNameMap && NAME_MAPS.has(key))]),
  );
}

/**
 * ES module source exporting one validate function per schema (named as in SCHEMAS), with the
 * options src/core/incidentSchema.ts documents: every error, strict schemas, formats `uri`
 * (what the WHATWG URL parser reads) and `date-time` (read by src/core/time.ts), both from
 * src/core/schemaFormats.ts; no message texts (incidentSchema.ts words every keyword's error).
 */
export function schemaValidatorsSource(root) {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, messages: false, code: { source: true, esm: true, formats: _`require("../schemaFormats").formats` } });
  // Only their names matter here: the generated code calls the ones schemaFormats.ts exports.
  ajv.addFormat('uri', { type: 'string', validate: () => true });
  ajv.addFormat('date-time', { type: 'string', validate: () => true });
  for (const [name, file] of Object.entries(SCHEMAS)) ajv.addSchema(withoutAnnotations(JSON.parse(readFileSync(resolve(root, file), 'utf8'))), name);
  return standaloneCode(ajv, Object.fromEntries(Object.keys(SCHEMAS).map((name) => [name, name])));
}

/** esbuild plugin: `./generated/schemaValidators` (from src/core) is the code above, generated per build. */
export function schemaValidatorsPlugin(root = process.cwd()) {
  const generated = resolve(root, 'src/core/generated/schemaValidators.js');
  return {
    name: 'schema-validators',
    setup(build) {
      build.onResolve({ filter: /\/generated\/schemaValidators$/ }, (args) => {
        const path = resolve(args.resolveDir, args.path) + '.js';
        return path === generated ? { path, namespace: 'schema-validators' } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'schema-validators' }, () => ({
        contents: schemaValidatorsSource(root),
        loader: 'js',
        resolveDir: dirname(generated),
        watchFiles: Object.values(SCHEMAS).map((file) => resolve(root, file)),
      }));
    },
  };
}
