#!/usr/bin/env node
// Runs the TypeScript entry through swc's require hook, as the services themselves run.
require('@swc-node/register');
require('../src/migrate.ts');
