/**
 * Target (e): the Node ceiling. node:http server + an undici Pool to the fixed upstream, nothing
 * else: read the body, forward method, path, content-type and authorization, buffer the answer,
 * send it back. Started by run.ts; IPC: { type: 'ready', url } and { cmd: 'stop' }.
 */
import { createServer } from 'node:http';
import { Pool } from 'undici';

const pool = new Pool(process.env.BENCH_UPSTREAM_URL!, { connections: 64, keepAliveTimeout: 60_000 });

const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const upstream = await pool.request({
      method: req.method as 'POST',
      path: req.url!,
      headers: { 'content-type': req.headers['content-type'] ?? 'application/json', authorization: req.headers.authorization ?? '' },
      body: Buffer.concat(chunks),
    });
    const body = Buffer.from(await upstream.body.arrayBuffer());
    res.writeHead(upstream.statusCode, { 'content-type': String(upstream.headers['content-type'] ?? 'application/json'), 'content-length': body.length });
    res.end(body);
  } catch {
    res.writeHead(502).end();
  }
});
server.keepAliveTimeout = 120_000;

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send!({ type: 'ready', url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` });
});

process.on('message', (message: { cmd: string }) => {
  if (message.cmd === 'stop') {
    server.close();
    server.closeAllConnections();
    void pool.close().finally(() => process.exit(0));
  }
});
