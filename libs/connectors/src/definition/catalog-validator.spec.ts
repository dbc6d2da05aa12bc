import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { providerDefinitions } from '../catalog';
import { postgresql } from '../catalog/postgresql/postgresql.definition';
import { slack } from '../catalog/slack/slack.definition';
import { zendesk } from '../catalog/zendesk/zendesk.definition';
import type { ActionDefinition } from './action';
import { validateCatalog } from './catalog-validator';
import { formatProblem, type DefinitionProblem } from './problem';
import type { ProviderDefinition } from './provider';

const repoRoot = path.resolve(__dirname, '../../../..');

/** A deep copy of the Slack definition with one action changed, as a careless edit would. */
function slackWithBrokenAction(change: (action: Record<string, unknown>) => void, index = 0): ProviderDefinition {
  const copy = structuredClone(slack);
  change((copy.actions as ActionDefinition[])[index] as unknown as Record<string, unknown>);
  return copy;
}

function expectProblem(problems: DefinitionProblem[], file: string, field: string, message: RegExp): void {
  expect(problems).toEqual(expect.arrayContaining([expect.objectContaining({ file, field, message: expect.stringMatching(message) })]));
}

describe('validateCatalog', () => {
  it('accepts every shipped provider definition, including ajv 2020 compilation of all schemas', () => {
    expect(validateCatalog(providerDefinitions).map((problem) => formatProblem(problem))).toEqual([]);
  });

  it('rejects a database action whose side effect contradicts its operation or its hints', () => {
    const copy = structuredClone(postgresql);
    const execute = copy.database?.actions.find((action) => action.database.operation === 'execute');
    if (!execute) throw new Error('postgresql declares execute');
    execute.sideEffect = 'read';
    const problems = validateCatalog([copy]).map((problem) => `${problem.field}: ${problem.message}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/database\.actions\[3\]\.sideEffect: execute runs writes/),
        expect.stringMatching(/database\.actions\[3\]\.hints\.readOnly: must be true/),
      ]),
    );
  });

  it('rejects an action without a description, naming the action file and the field', () => {
    const broken = slackWithBrokenAction((action) => delete action['description']);
    const problems = validateCatalog([broken]);
    expectProblem(problems, slack.actions[0]!.sourceFile, 'description', /expected string/i);
    expect(formatProblem(problems[0]!, repoRoot)).toBe(
      'libs/connectors/src/catalog/slack/actions/post-message.ts: description: Invalid input: expected string, received undefined',
    );
  });

  it('rejects an input schema that does not compile as JSON Schema 2020-12', () => {
    const broken = slackWithBrokenAction((action) => {
      (action['inputSchema'] as Record<string, unknown>)['propertiez'] = {};
    });
    expectProblem(validateCatalog([broken]), slack.actions[0]!.sourceFile, 'inputSchema', /strict mode: unknown keyword: "propertiez"/);
  });

  it('rejects a path placeholder that is not an input property', () => {
    const broken = slackWithBrokenAction((action) => {
      (action['http'] as Record<string, unknown>)['path'] = '/chat.postMessage/{chanel}';
    });
    expectProblem(validateCatalog([broken]), slack.actions[0]!.sourceFile, 'http.path', /\{chanel\} is not an input property/);
  });

  it('rejects a body reference to an undeclared input', () => {
    const broken = slackWithBrokenAction((action) => {
      (action['http'] as { body: { value: Record<string, unknown> } }).body.value['thread'] = { $input: 'thread_ts' };
    });
    expectProblem(validateCatalog([broken]), slack.actions[0]!.sourceFile, 'http.body.value', /\$input "thread_ts" is not an input property/);
  });

  it('rejects a parameter whose example does not match its own schema', () => {
    const broken = slackWithBrokenAction((action) => {
      const properties = (action['inputSchema'] as { properties: Record<string, Record<string, unknown>> }).properties;
      properties['unfurl_links'] = { ...properties['unfurl_links'], examples: ['no'] };
    });
    expectProblem(validateCatalog([broken]), slack.actions[0]!.sourceFile, 'inputSchema.properties.unfurl_links.examples[0]', /must be boolean/);
  });

  it('rejects a cost that is not a whole, non-negative number of units', () => {
    for (const cost of [-1, 1.5, '2']) {
      const broken = slackWithBrokenAction((action) => {
        action['costUnits'] = cost;
      });
      expectProblem(validateCatalog([broken]), slack.actions[0]!.sourceFile, 'costUnits', /./);
    }
  });

  it('rejects hints that contradict the side effect', () => {
    const broken = slackWithBrokenAction((action) => {
      action['hints'] = { readOnly: false, destructive: false, idempotent: true, openWorld: true };
    }, 5);
    expectProblem(validateCatalog([broken]), slack.actions[5]!.sourceFile, 'hints.destructive', /must be true for sideEffect "destructive"/);
  });

  it('rejects an error rule mapping to a code the contract does not have', () => {
    const broken = structuredClone(slack) as unknown as { errors: { rules: Array<Record<string, unknown>> } };
    broken.errors.rules[0]!['code'] = 'token_expired';
    expectProblem(validateCatalog([broken]), slack.sourceFile, 'errors.rules[0].code', /Invalid option/);
  });

  describe('provenance', () => {
    /** A copy of a provider with one fact's source removed, as a hurried edit would leave it. */
    function withoutSource(remove: (copy: ProviderDefinition) => void): unknown {
      const copy = structuredClone(zendesk);
      remove(copy);
      return copy;
    }
    /** Deletes a required field, which the type (rightly) does not allow. */
    const drop = (holder: object, key: string) => delete (holder as Record<string, unknown>)[key];
    const cases: Array<[string, (copy: ProviderDefinition) => void, string]> = [
      ['a server', (copy) => drop(copy.servers['default']!, 'source'), 'servers.default.source'],
      ['an auth mode', (copy) => drop(copy.authModes[1]!, 'docsUrl'), 'authModes[1].docsUrl'],
      ['a declared limit', (copy) => drop(copy.declaredLimits[0]!, 'source'), 'declaredLimits[0].source'],
      ['the rate-limit signals', (copy) => drop(copy.rateLimitSignals, 'source'), 'rateLimitSignals.source'],
      ['the pagination style', (copy) => drop(copy.pagination, 'source'), 'pagination.source'],
      ['the error mapping', (copy) => drop(copy.errors, 'source'), 'errors.source'],
      ['the provider itself', (copy) => drop(copy, 'docsUrl'), 'docsUrl'],
    ];
    it.each(cases)('refuses %s without a provenance URL', (_what, remove, field) => {
      expectProblem(validateCatalog([withoutSource(remove)]), zendesk.sourceFile, field, /needs its provenance/);
    });

    it('refuses a provenance that is not an https page', () => {
      const broken = withoutSource((copy) => (copy.errors.source = 'http://developer.zendesk.com/errors'));
      expectProblem(validateCatalog([broken]), zendesk.sourceFile, 'errors.source', /needs its provenance/);
    });

    it('refuses a provider that neither declares limits nor says, with a source, that none are published', () => {
      const broken = withoutSource((copy) => (copy.declaredLimits = []));
      expectProblem(validateCatalog([broken]), zendesk.sourceFile, 'declaredLimits', /noPublishedLimit/);
    });
  });

  describe('per-tenant hosts', () => {
    const withParam = (pattern: string | undefined) => {
      const copy = structuredClone(zendesk);
      if (pattern === undefined) delete copy.connectionParams['subdomain']!.pattern;
      else copy.connectionParams['subdomain']!.pattern = pattern;
      return copy;
    };

    it('refuses a host placeholder whose parameter has no pattern', () => {
      expectProblem(validateCatalog([withParam(undefined)]), zendesk.sourceFile, 'servers.default.url', /needs a pattern/);
    });

    it('refuses a host pattern that would let a value end the host early', () => {
      expectProblem(validateCatalog([withParam('.+')]), zendesk.sourceFile, 'servers.default.url', /accepts "evil.example\/"/);
    });

    it('refuses a per-tenant OAuth endpoint that names a value known only after consent', () => {
      const copy = structuredClone(zendesk);
      copy.connectionParams['subdomain']!.source = 'token_response';
      expectProblem(validateCatalog([copy]), zendesk.sourceFile, 'authModes[0].tokenUrl', /learned only after consent/);
    });

    it('refuses a server that lands outside the declared hosts', () => {
      const copy = structuredClone(zendesk);
      copy.hosts = ['*.zendesk.example'];
      expectProblem(validateCatalog([copy]), zendesk.sourceFile, 'servers.default.url', /acme.zendesk.com, which is not among the provider's hosts/);
    });
  });

  describe('database providers', () => {
    it('refuses a row cap whose default exceeds its maximum', () => {
      const copy = structuredClone(postgresql);
      copy.database!.rowCap.default = copy.database!.rowCap.max + 1;
      expectProblem(validateCatalog([copy]), postgresql.sourceFile, 'database.rowCap.default', /must not exceed max/);
    });

    it('refuses a database setting without its provenance', () => {
      const copy = structuredClone(postgresql);
      delete (copy.database!.readOnly as { source?: string }).source;
      expectProblem(validateCatalog([copy]), postgresql.sourceFile, 'database.readOnly.source', /needs its provenance/);
    });

    it('refuses database settings on a provider without a database server', () => {
      expectProblem(
        validateCatalog([{ ...structuredClone(zendesk), database: postgresql.database }]),
        zendesk.sourceFile,
        'database',
        /postgresql:\/\/ server/,
      );
    });
  });

  it('rejects two providers with the same id', () => {
    expectProblem(validateCatalog([slack, slack]), slack.sourceFile, 'id', /also used by/);
  });

  describe('the CI script', () => {
    const script = path.join(repoRoot, 'libs/connectors/src/definition/validate-catalog.ts');
    const runScript = (...modules: string[]) =>
      execFileSync(process.execPath, ['-r', '@swc-node/register', script, ...modules], { cwd: repoRoot, encoding: 'utf8', stdio: 'pipe' });

    it('prints the number of providers and the actions of each for a sound catalog', () => {
      const output = runScript();
      expect(output).toMatch(/^connector catalog ok: 36 providers, \d+ actions, \d+ providers with at least 6 actions$/m);
      expect(output).toMatch(/^ {2}slack +6 actions$/m);
      expect(output).toMatch(/^ {2}linear +8 actions$/m);
      expect(output).toMatch(/^ {2}postgresql +4 actions \(database driver\)$/m);
      expect(output).toMatch(/^ {2}bitbucket +0 actions \(raw proxy only\)$/m);
    });

    it('exits 1 naming the field when a definition module has a fact without provenance', () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'unsourced-connector-'));
      const file = path.join(dir, 'unsourced.definition.js');
      try {
        writeFileSync(
          file,
          [
            `const provider = ${JSON.stringify(zendesk)};`,
            'provider.sourceFile = __filename;',
            'delete provider.rateLimitSignals.source;',
            'module.exports = { provider };',
          ].join('\n'),
        );
        let failure: { status?: number; stderr?: string } | undefined;
        try {
          runScript(file);
        } catch (error) {
          failure = error as { status?: number; stderr?: string };
        }
        expect(failure?.status).toBe(1);
        expect(failure?.stderr).toContain(`${path.relative(repoRoot, file)}: rateLimitSignals.source: needs its provenance`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('exits 1 printing `<file>: <field>: <problem>` for a broken definition module', () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'broken-connector-'));
      const file = path.join(dir, 'broken.definition.js');
      try {
        writeFileSync(
          file,
          [
            `const provider = ${JSON.stringify(slack)};`,
            'provider.sourceFile = __filename;',
            'provider.actions[0].sourceFile = __filename;',
            "provider.actions[0].http.path = '/chat.postMessage/{chanel}';",
            'module.exports = { provider };',
          ].join('\n'),
        );
        let failure: { status?: number; stderr?: string } | undefined;
        try {
          runScript(file);
        } catch (error) {
          failure = error as { status?: number; stderr?: string };
        }
        expect(failure?.status).toBe(1);
        expect(failure?.stderr).toContain(`${path.relative(repoRoot, file)}: http.path: placeholder {chanel} is not an input property`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
