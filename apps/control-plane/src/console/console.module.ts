import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import { Controller, Get, Header, Logger, Module, NotFoundException, type OnModuleInit, Param, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Public } from '../auth/access-levels';
import { consoleWebAsset, consoleWebHtml, ensureConsoleWebBuilt } from './console-web';

/**
 * The GraphQL console: GraphiQL and React from our own node_modules, plus a small sign-in
 * script. Nothing is fetched from a CDN (these machines, and many customers' networks, have
 * no internet), and the page runs under a strict Content-Security-Policy.
 */
/** React publishes no `exports` entry for its UMD builds; reach them from the package's main file. */
const packageFile = (pkg: string, file: string) => join(dirname(require.resolve(pkg)), file);

const assets: Record<string, { path: string; type: string }> = {
  'graphiql.min.js': { path: require.resolve('graphiql/graphiql.min.js'), type: 'text/javascript' },
  'graphiql.min.css': { path: require.resolve('graphiql/graphiql.min.css'), type: 'text/css' },
  'react.production.min.js': { path: packageFile('react', 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.production.min.js': { path: packageFile('react-dom', 'umd/react-dom.production.min.js'), type: 'text/javascript' },
  'console.js': { path: join(__dirname, 'assets', 'console.js'), type: 'text/javascript' },
  'console.css': { path: join(__dirname, 'assets', 'console.css'), type: 'text/css' },
};

const cache = new Map<string, Buffer>();

export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export const consoleHtml = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Causeway console</title>
  <link rel="stylesheet" href="/console/assets/graphiql.min.css">
  <link rel="stylesheet" href="/console/assets/console.css">
</head>
<body>
  <header id="console-bar">
    <strong>Causeway console</strong>
    <form id="sign-in" autocomplete="on">
      <input id="email" name="email" type="email" placeholder="email" required autocomplete="username">
      <input id="password" name="password" type="password" placeholder="password" required autocomplete="current-password">
      <input id="tenant" name="tenant" placeholder="tenant slug (optional)">
      <button id="sign-in-button" type="submit">Sign in</button>
    </form>
    <span id="session" aria-live="polite">Not signed in</span>
    <button id="sign-out" type="button" hidden>Sign out</button>
  </header>
  <div id="graphiql">Loading…</div>
  <script src="/console/assets/react.production.min.js"></script>
  <script src="/console/assets/react-dom.production.min.js"></script>
  <script src="/console/assets/graphiql.min.js"></script>
  <script src="/console/assets/console.js"></script>
</body>
</html>`;

@Public()
@Controller('console')
class ConsoleController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', CONSOLE_CSP)
  page() {
    return consoleHtml;
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() reply: FastifyReply) {
    const asset = Object.prototype.hasOwnProperty.call(assets, file) ? assets[file] : undefined;
    if (!asset) throw new NotFoundException('no such console asset');
    let body = cache.get(file);
    if (!body) cache.set(file, (body = readFileSync(asset.path)));
    void reply.header('Content-Type', `${asset.type}; charset=utf-8`).header('Cache-Control', 'public, max-age=3600').send(body);
  }
}

/**
 * The console web app for tenant admins at `/`: a static page and its bundle (React, Mantine,
 * urql), speaking only the public GraphQL API. GraphiQL stays at `/graphql` and `/console`.
 */
@Public()
@Controller()
class ConsoleWebController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', CONSOLE_CSP)
  @Header('Cache-Control', 'no-cache')
  page() {
    return consoleWebHtml;
  }

  @Get('app/:file')
  asset(@Param('file') file: string, @Res() reply: FastifyReply) {
    const asset = consoleWebAsset(file);
    if (!asset) throw new NotFoundException('no such console asset');
    // Not immutable: the names carry no content hash, so a rebuilt bundle must be fetched again.
    void reply.header('Content-Type', asset.type).header('Cache-Control', 'no-cache').header('X-Content-Type-Options', 'nosniff').send(asset.body);
  }
}

/**
 * Every HTML page the control plane serves (the console at `/console`, and GraphiQL at
 * `GET /graphql`, which Apollo renders without a way to set headers) gets the console's CSP,
 * unless it set its own, and may not be framed: a framed console could be clickjacked into signing in or deciding.
 */
@Module({ controllers: [ConsoleController, ConsoleWebController] })
export class ConsoleModule implements OnModuleInit {
  private readonly logger = new Logger('Console');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  async onModuleInit(): Promise<void> {
    try {
      await ensureConsoleWebBuilt();
    } catch (error) {
      this.logger.error(`the console web app could not be built; GraphiQL at /graphql still works: ${(error as Error).message}`);
    }
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onSend', async (_request, reply, payload) => {
      if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
        // A page with its own policy (the OIDC callback's nonce) keeps it.
        if (!reply.hasHeader('content-security-policy')) void reply.header('Content-Security-Policy', CONSOLE_CSP);
        void reply.header('X-Frame-Options', 'DENY');
      }
      return payload;
    });
  }
}

/** `GET /graphql` in a browser (Accept: text/html) opens the console. */
export function consoleLandingPagePlugin(): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html: consoleHtml };
        },
      };
    },
  };
}
