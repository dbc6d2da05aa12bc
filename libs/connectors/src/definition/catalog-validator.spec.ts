import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { providerDefinitions } from '../catalog';
import { slack } from '../catalog/slack/slack.definition';
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

  it('rejects an action without a description, naming the action file and the field', () => {
    const broken = slackWithBrokenAction((action) => delete action['description']);
    const problems = validateCatalog([broken]);
    expectProblem(problems, slack.actions[0]!.sourceFile, 'description', /expected string/i);
    expect(formatProblem(problems[0]!, repoRoot)).toBe('libs/connectors/src/catalog/slack/actions/post-message.ts: description: Invalid input: expected string, received undefined');
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

  it('rejects two providers with the same id', () => {
    expectProblem(validateCatalog([slack, slack]), slack.sourceFile, 'id', /also used by/);
  });

  describe('the CI script', () => {
    const script = path.join(repoRoot, 'libs/connectors/src/definition/validate-catalog.ts');
    const runScript = (...modules: string[]) => execFileSync(process.execPath, ['-r', '@swc-node/register', script, ...modules], { cwd: repoRoot, encoding: 'utf8', stdio: 'pipe' });

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
