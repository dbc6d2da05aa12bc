import { ensurePgliteTemplate } from './pglite-template';

/**
 * Makes the PGlite cluster template the embedded default's first start unpacks (run by the
 * root `prepare` script at `npm install`, from the compiled output). Failing here must not
 * fail an install: without a template the first start only runs `initdb` itself.
 */
ensurePgliteTemplate().then(
  (file) => process.stderr.write(`pglite template: ${file}\n`),
  (error: unknown) => process.stderr.write(`pglite template not made (the first start will run initdb): ${String(error)}\n`),
);
