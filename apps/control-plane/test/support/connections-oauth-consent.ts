/**
 * Plays the user's browser against a vendor simulator, which approves at once: follows the
 * authorize URL one hop and returns where the simulator sends the browser back (our callback,
 * with `code` and `state` in the query, or Contentful's token in the fragment).
 */
export async function simulatorConsent(authorizeUrl: string): Promise<URL> {
  const approval = await fetch(authorizeUrl, { redirect: 'manual' });
  const location = approval.headers.get('location');
  if (approval.status !== 302 || !location) throw new Error(`the simulator did not redirect (${approval.status}): ${await approval.text()}`);
  return new URL(location);
}

/** GET /oauth/callback as the browser lands there, asking for JSON; returns status and body. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are asserted field by field
export async function landOnCallback(callback: URL): Promise<{ status: number; body: Record<string, any>; text: string }> {
  const response = await fetch(callback, { headers: { accept: 'application/json' } });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), text };
}
