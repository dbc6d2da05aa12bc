#!/usr/bin/env node
// Runs the TypeScript CLI through swc's require hook, as the services themselves run.
require('@swc-node/register');
require('../src/cli.ts');
