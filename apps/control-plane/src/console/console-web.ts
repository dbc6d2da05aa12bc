import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';

/**
 * Where the console web app's bundle lives and how to (re)build it. The sources sit in
 * apps/control-plane/console-web (a browser app, outside the Nest sources); the bundle in
 * dist/console-web at the repository root, from both the TypeScript sources (tests) and the
 * compiled dist/ tree (`npm start`), so the repository root is found by walking up.
 */
function repositoryRoot(from: string): string | undefined {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'apps', 'control-plane', 'console-web', 'build.js'))) return dir;
  }
  return undefined;
}

const root = repositoryRoot(__dirname);

interface ConsoleWebBuild {
  buildConsoleWeb(options?: { force?: boolean }): Promise<boolean>;
  consoleWebDist: string;
}

function builder(): ConsoleWebBuild | undefined {
  if (!root) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain Node script shared with the compile step
  return require(join(root, 'apps', 'control-plane', 'console-web', 'build.js')) as ConsoleWebBuild;
}

/**
 * Bundles the app when it is missing or older than its sources (esbuild: about a second), so
 * `npm start` after a `git pull` serves the new console with no extra command. A failed build
 * is logged and the app answers 503 with a pointer to GraphiQL; the API itself is unaffected.
 */
export async function ensureConsoleWebBuilt(): Promise<void> {
  await builder()?.buildConsoleWeb();
}

export const CONSOLE_WEB_CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** A file of the bundle by its plain name (no folders, no dot-files), or undefined. */
export function consoleWebAsset(file: string): { body: Buffer; type: string } | undefined {
  const type = CONSOLE_WEB_CONTENT_TYPES[extname(file)];
  const dist = builder()?.consoleWebDist;
  if (!type || !dist || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(file)) return undefined;
  try {
    return { body: readFileSync(join(dist, file)), type };
  } catch {
    return undefined;
  }
}

export const consoleWebHtml = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Causeway</title>
  <link rel="stylesheet" href="/app/app.css">
</head>
<body>
  <div id="root"><noscript>The Causeway console needs JavaScript. Developers: <a href="/graphql">GraphQL</a>.</noscript></div>
  <script src="/app/app.js"></script>
</body>
</html>`;
