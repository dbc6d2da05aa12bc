import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/*
 * The lint rule that makes "every outbound request goes through libs/egress" structural.
 * ESLint runs in one child process: its flat config is an ES module, which Jest's CommonJS
 * runtime cannot import.
 */
const root = join(__dirname, '..', '..');

const requests = `
import { request } from 'undici';
import { get } from 'node:https';
import * as http from 'node:http';
export const calls = [() => fetch('http://10.0.0.1/'), () => globalThis.fetch('http://x/'), () => http.request('http://x/'), request, get];
`;
const plainFetch = 'export const r = () => fetch("http://x/");';
const server = "import { createServer } from 'node:http';\nexport const s = createServer();";

const cases: Record<string, [path: string, code: string]> = {
  appRequests: ['apps/data-plane/src/anything.ts', requests],
  libFetch: ['libs/secrets/src/anything.ts', plainFetch],
  appServer: ['apps/data-plane/src/server.ts', server],
  egressFetch: ['libs/egress/src/anything.ts', plainFetch],
  specFetch: ['apps/data-plane/src/anything.spec.ts', plainFetch],
};

function lintAll(): Record<string, string[]> {
  const script = `
    const { ESLint } = require('eslint');
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const out = {};
      for (const [name, [path, code]] of Object.entries(JSON.parse(process.argv[1]))) {
        const [result] = await eslint.lintText(code, { filePath: require('node:path').join(process.cwd(), path) });
        out[name] = result.messages.map((m) => m.ruleId);
      }
      process.stdout.write('\\n@@' + JSON.stringify(out));
    })();`;
  // The Nx plugin prints warnings to stdout; the answer follows the last marker.
  const out = execFileSync(process.execPath, ['-e', script, JSON.stringify(cases)], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out.slice(out.lastIndexOf('@@') + 2));
}

describe('outbound requests lint rule', () => {
  let rules: Record<string, string[]>;
  beforeAll(() => {
    rules = lintAll();
  }, 60_000);

  it('fails fetch, undici and node:http(s) requests in apps and libs', () => {
    expect(new Set(rules.appRequests)).toEqual(new Set(['no-restricted-imports', 'no-restricted-globals', 'no-restricted-syntax']));
    expect(rules.libFetch).toEqual(['no-restricted-globals']);
  });

  it('leaves servers, libs/egress and tests alone', () => {
    expect(rules.appServer).toEqual([]);
    expect(rules.egressFetch).toEqual([]);
    expect(rules.specFetch).toEqual([]);
  });
});
