#!/usr/bin/env node
// The `causeway-connectors` command: compiles the TypeScript sources on the fly, as `npm start` does.
require('@swc-node/register');
process.exitCode = require('../../libs/connectors/src/importer/cli').main(process.argv.slice(2));
