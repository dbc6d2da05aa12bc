import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Client } from 'pg';
import { parse } from 'yaml';
import { SERVICE_SCHEMAS } from './service-schemas';

/**
 * The Helm chart's migration Jobs run `migrations.command` (+ `args`) in each service's image
 * with DATABASE_URL set. This runs that exact command, as the chart renders it, in what the
 * image holds (deploy/docker/compile.js output, node_modules laid out as `npm ci` links it),
 * against a scratch database, and checks the service's schema is migrated.
 *
 * The command comes from `helm template` when helm is installed (tools/scripts/lint-deploy.sh
 * builds one into ~/.cache/causeway-tools/bin), otherwise from values.yaml, after checking the
 * Job template passes `migrations.command` and `migrations.args` through unchanged.
 */
jest.setTimeout(120_000);

const root = join(__dirname, '..', '..');
const chart = join(root, 'helm', 'causeway');
const SERVICES = ['control-plane', 'data-plane', 'audit'] as const;
const SCHEMAS: Record<(typeof SERVICES)[number], string> = {
  'control-plane': 'control_plane',
  'data-plane': 'data_plane',
  audit: 'audit',
};

function helmBinary(): string | undefined {
  const candidates = [
    ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'helm')),
    join(process.env.CAUSEWAY_TOOLS_DIR ?? join(process.env.HOME ?? '/root', '.cache', 'causeway-tools'), 'bin', 'helm'),
  ];
  return candidates.find((file) => existsSync(file));
}

/** service -> the migrate container's command + args, as the chart renders the Jobs. */
function renderedMigrationCommands(): Record<string, string[]> {
  const helm = helmBinary();
  if (helm) {
    const manifest = execFileSync(
      helm,
      // The Kubernetes version lint-deploy.sh renders for (a helm built without release ldflags assumes 1.20).
      ['template', 'causeway', chart, '--kube-version', '1.30.0', '-f', join(chart, 'ci', 'minimal-values.yaml')],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const commands: Record<string, string[]> = {};
    for (const doc of manifest.split(/^---\s*$/m).map((text) => parse(text))) {
      if (doc?.kind !== 'Job') continue;
      const container = doc.spec.template.spec.containers.find((c: { name: string }) => c.name === 'migrate');
      const service = SERVICES.find((s) => doc.metadata.name.endsWith(`migrate-${s}`));
      if (service) commands[service] = [...(container.command ?? []), ...(container.args ?? [])];
    }
    return commands;
  }
  const template = readFileSync(join(chart, 'templates', 'migrations-job.yaml'), 'utf8');
  expect(template).toMatch(/command:\s*\n\s*\{\{- toYaml \$\.Values\.migrations\.command \| nindent 12 \}\}/);
  expect(template).toMatch(/\{\{- with \$\.Values\.migrations\.args \}\}\s*\n\s*args:/);
  expect(template).toContain('"name" "DATABASE_URL"');
  const values = parse(readFileSync(join(chart, 'values.yaml'), 'utf8'));
  const command = [...values.migrations.command, ...(values.migrations.args ?? [])];
  return Object.fromEntries(SERVICES.map((service) => [service, command]));
}

/**
 * What `npm ci --omit=dev` gives the image, without the registry: the repository's
 * node_modules for third-party packages, @causeway/* linked to the compiled workspaces, and
 * the compiled service's bins in node_modules/.bin.
 */
function imageContents(service: string, dir: string): string {
  const out = join(dir, service);
  execFileSync(process.execPath, [join(root, 'deploy', 'docker', 'compile.js'), service, out], { stdio: 'ignore' });
  const modules = join(out, 'node_modules');
  mkdirSync(join(modules, '.bin'), { recursive: true });
  mkdirSync(join(modules, '@causeway'));
  for (const entry of readdirSync(join(root, 'node_modules'))) {
    if (entry === '.bin' || entry === '@causeway') continue;
    symlinkSync(join(root, 'node_modules', entry), join(modules, entry));
  }
  for (const parent of ['apps', 'libs']) {
    for (const folder of readdirSync(join(out, parent))) {
      const manifest = JSON.parse(readFileSync(join(out, parent, folder, 'package.json'), 'utf8'));
      symlinkSync(join(out, parent, folder), join(modules, manifest.name));
      for (const [bin, file] of Object.entries((manifest.bin ?? {}) as Record<string, string>))
        symlinkSync(join(out, parent, folder, file), join(modules, '.bin', bin));
    }
  }
  return out;
}

describe('the Helm chart migration Jobs', () => {
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const scratch = `causeway_chart_migrate_${process.pid}`;
  const scratchUrl = () => Object.assign(new URL(adminUrl), { pathname: `/${scratch}` }).toString();
  let admin: Client;
  let dir: string;
  let commands: Record<string, string[]>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'causeway-image-'));
    commands = renderedMigrationCommands();
    admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${scratch}`);
  });

  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('run causeway-migrate in every service image', () => {
    expect(Object.keys(commands).sort()).toEqual([...SERVICES].sort());
    for (const service of SERVICES) expect(commands[service][0]).toBe('causeway-migrate');
  });

  it.each(SERVICES)("migrate the %s schema with the chart's command, and again as a no-op", async (service) => {
    const image = imageContents(service, dir);
    const run = () =>
      spawnSync(commands[service][0], commands[service].slice(1), {
        cwd: image,
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          PATH: `${join(image, 'node_modules', '.bin')}${delimiter}${process.env.PATH}`,
          NODE_ENV: 'production',
          DATABASE_URL: scratchUrl(),
          LOG_LEVEL: 'warn',
        },
      });

    const first = run();
    expect({ status: first.status, stderr: first.stderr }).toEqual({ status: 0, stderr: '' });
    const applied: string[] = JSON.parse(first.stdout.trim().split('\n').at(-1)!).applied;
    expect(applied.length).toBeGreaterThan(0);

    const db = new Client({ connectionString: scratchUrl() });
    await db.connect();
    try {
      const { rows } = await db.query(`SELECT name FROM "${SCHEMAS[service]}"."migrations" ORDER BY id`);
      expect(rows.map((r) => r.name)).toEqual(applied);
      // The migrations the service itself would apply at start: none are left.
      const dataSource = SERVICE_SCHEMAS[service].create(scratchUrl());
      await dataSource.initialize();
      try {
        expect(await dataSource.showMigrations()).toBe(false);
      } finally {
        await dataSource.destroy();
      }
    } finally {
      await db.end();
    }

    const again = run();
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout.trim().split('\n').at(-1)!).applied).toEqual([]);
  });

  it('fails with a message naming DATABASE_URL when it is missing, without printing a URL', () => {
    const image = imageContents('data-plane', join(dir, 'no-url'));
    const result = spawnSync(join(image, 'node_modules', '.bin', 'causeway-migrate'), [], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL');
  });
});
