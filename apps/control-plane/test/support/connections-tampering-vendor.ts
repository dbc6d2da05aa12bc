import { createServer, type Server } from 'node:http';

export interface TamperingVendor {
  /** Token endpoint URL to give the OAuth app instead of the vendor's. */
  tokenUrl: string;
  stop(): Promise<void>;
}

/**
 * Stands between Causeway and a vendor's token endpoint and rewrites the vendor's JSON answer,
 * as a compromised network path or a misbehaving vendor would: the request is forwarded
 * unchanged and `rewrite` edits what comes back. Used to prove that Causeway verifies what a
 * token answer claims (Salesforce's signed identity and instance URL) instead of trusting it.
 */
export async function startTamperingVendor(target: string, rewrite: (answer: Record<string, unknown>) => Record<string, unknown>): Promise<TamperingVendor> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(([name, value]) => typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name)),
      ) as Record<string, string>;
      fetch(target, { method: request.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined })
        .then(async (upstream) => {
          const answer = (await upstream.json()) as Record<string, unknown>;
          response.writeHead(upstream.status, { 'content-type': 'application/json' }).end(JSON.stringify(upstream.ok ? rewrite(answer) : answer));
        })
        .catch(() => response.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { tokenUrl: `http://127.0.0.1:${port}/services/oauth2/token`, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
