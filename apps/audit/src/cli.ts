import 'reflect-metadata';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { loadConfig, postgresUrl } from '@causeway/config';
import type { Verdict } from './chain/chain-verifier';
import { CheckpointStore } from './checkpoints/checkpoint-store';
import { keyIdOf, loadSigningKey, parsePublicKey } from './checkpoints/signing-key';
import { createAuditDataSource } from './database/data-source';
import { verifyExport } from './export/export-verifier';
import { ChainVerification } from './verify/chain-verification';

/**
 * The auditor's command line.
 *
 *   causeway-audit verify --tenant <id> [--from <seq>] [--to <seq>] [--columns] [--public-key <pem file|base64>]
 *       recomputes the tenant's chain in the database at DATABASE_URL; --columns also checks
 *       that the search columns still match each event
 *   causeway-audit verify --file <export.ndjson> --public-key <pem file|pem|base64>
 *       verifies an export offline
 *
 * Exit status: 0 intact, 1 broken (the first broken sequence is printed), 2 usage or error.
 */
const usage = [
  'usage: causeway-audit verify --tenant <id> [--from <seq>] [--to <seq>] [--columns] [--public-key <key>]',
  '       causeway-audit verify --file <export.ndjson> --public-key <key>',
].join('\n');

const help = `${usage}

The auditor's command line: checks that a tenant's audit chain is intact.

  verify --tenant <id>    recompute the tenant's chain in the database at DATABASE_URL,
                          optionally from/to a sequence number; --columns also checks that the
                          search columns still match each event
  verify --file <export>  verify an export (NDJSON, from the audit API) offline
  --public-key <key>      the checkpoints' public key: a PEM file, PEM text, base64, or the JSON
                          of GET /v1/audit/public-key; with --tenant it defaults to the public
                          half of AUDIT_SIGNING_KEY / AUDIT_SIGNING_KEY_FILE

Environment (--tenant only):
  DATABASE_URL            the audit service's PostgreSQL (required)
  AUDIT_SIGNING_KEY, AUDIT_SIGNING_KEY_FILE   the service's signing key, when no --public-key

Exit status: 0 intact, 1 broken (the first broken sequence is printed), 2 usage or error.
`;

/** --help or -h anywhere, or `help` first: the full help on stdout and exit 0, before any configuration is read or connection made. */
function wantsHelp(argv: string[]): boolean {
  return argv.some((arg) => arg === '--help' || arg === '-h') || argv[0] === 'help';
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      tenant: { type: 'string' },
      file: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'public-key': { type: 'string' },
      columns: { type: 'boolean', default: false },
    },
  });
  if (positionals.join(' ') !== 'verify' || Boolean(values.tenant) === Boolean(values.file)) throw new UsageError(usage);
  const verdict = values.file
    ? await verifyFile(values.file, publicKeyFrom(values['public-key']))
    : await verifyDatabase(values.tenant!, {
        fromSeq: seqOption('from', values.from),
        toSeq: seqOption('to', values.to),
        checkColumns: values.columns,
        keyOption: values['public-key'],
      });
  process.stdout.write(`${describe(verdict)}\n`);
  return verdict.ok ? 0 : 1;
}

async function verifyFile(file: string, publicKey: KeyObject): Promise<Verdict> {
  if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  return verifyExport(lines, publicKey);
}

async function verifyDatabase(
  tenantId: string,
  { keyOption, ...range }: { fromSeq?: number; toSeq?: number; checkColumns: boolean; keyOption?: string },
): Promise<Verdict> {
  const config = loadConfig(
    'causeway-audit',
    z.object({
      DATABASE_URL: postgresUrl.unwrap(),
      AUDIT_SIGNING_KEY: z.string().optional(),
      AUDIT_SIGNING_KEY_FILE: z.string().optional(),
    }),
  );
  const publicKey = keyOption ? publicKeyFrom(keyOption) : serviceKey(config.AUDIT_SIGNING_KEY, config.AUDIT_SIGNING_KEY_FILE);
  const dataSource = createAuditDataSource(config.DATABASE_URL, 2);
  await dataSource.initialize();
  try {
    const verification = new ChainVerification(dataSource, new CheckpointStore(dataSource), new Map([[keyIdOf(publicKey), publicKey]]));
    return await verification.verify(tenantId, range);
  } finally {
    await dataSource.destroy();
  }
}

/** The public half of the service's own key, when the CLI runs where the service's key is. */
function serviceKey(key?: string, file?: string): KeyObject {
  if (!key && !(file && existsSync(file))) {
    throw new UsageError('checkpoints need the public key: pass --public-key (GET /v1/audit/public-key gives it)');
  }
  return loadSigningKey({ key, file }).publicKey;
}

function publicKeyFrom(option: string | undefined): KeyObject {
  if (!option) throw new UsageError(`--public-key is required\n${usage}`);
  const text = !option.startsWith('-----') && existsSync(option) ? readFileSync(option, 'utf8') : option;
  try {
    const json = text.trim().startsWith('{') ? (JSON.parse(text) as { publicKeyPem?: string }).publicKeyPem : undefined;
    return parsePublicKey(json ?? text);
  } catch (error) {
    throw new UsageError(`--public-key: ${(error as Error).message}`);
  }
}

function seqOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seq = Number(value);
  if (!Number.isSafeInteger(seq) || seq < 1) throw new UsageError(`--${name} must be a sequence number (1 or more)`);
  return seq;
}

function describe(verdict: Verdict & { tenantId?: string }): string {
  return verdict.ok
    ? `ok: ${verdict.checkedCount} events verified up to sequence ${verdict.headSeq}, ${verdict.checkpointsChecked} signed checkpoints matched`
    : `broken at sequence ${verdict.brokenAt}: ${verdict.reason}`;
}

if (wantsHelp(process.argv.slice(2))) {
  process.stdout.write(help);
} else {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
