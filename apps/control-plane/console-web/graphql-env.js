'use strict';
/**
 * The console's GraphQL types come from the pinned SDL (apps/control-plane/schema.graphql), not
 * from a running server: gql.tada reads this introspection to type every operation, so a schema
 * change that breaks the console breaks its typecheck. A unit test fails when this is stale.
 *
 *   node apps/control-plane/console-web/graphql-env.js    rewrite src/graphql-env.d.ts
 */
const fs = require('node:fs');
const path = require('node:path');

const schemaFile = path.join(__dirname, '..', 'schema.graphql');
const envFile = path.join(__dirname, 'src', 'graphql-env.d.ts');

function graphqlEnv() {
  const { buildSchema, introspectionFromSchema } = require('graphql');
  const { minifyIntrospection, outputIntrospectionFile } = require('@gql.tada/internal');
  const introspection = introspectionFromSchema(buildSchema(fs.readFileSync(schemaFile, 'utf8')));
  return outputIntrospectionFile(minifyIntrospection(introspection), { fileType: '.d.ts', shouldPreprocess: true });
}

module.exports = { graphqlEnv, envFile };

if (require.main === module) {
  fs.writeFileSync(envFile, graphqlEnv());
  process.stderr.write(`wrote ${path.relative(process.cwd(), envFile)}\n`);
}
