import { randomBytes } from 'node:crypto';
import type { Session } from '../auth/auth.service';

/**
 * The page that ends a browser sign-in: it puts the tokens where the console looks for them
 * (this tab's sessionStorage) and moves on. Its one script runs under a per-response nonce;
 * the tokens sit in an inert JSON block, escaped so they cannot close it.
 */
export function callbackPage(session: Session, returnTo: string): { html: string; csp: string } {
  const nonce = randomBytes(16).toString('base64');
  const data = JSON.stringify({ accessToken: session.accessToken, refreshToken: session.refreshToken, returnTo }).replace(/</g, '\\u003c');
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Signing in…</title></head>
<body>
<p>Signing you in…</p>
<script type="application/json" id="causeway-session">${data}</script>
<script nonce="${nonce}">
(function () {
  var s = JSON.parse(document.getElementById('causeway-session').textContent);
  window.sessionStorage.setItem('causeway.accessToken', s.accessToken);
  window.sessionStorage.setItem('causeway.refreshToken', s.refreshToken);
  window.location.replace(s.returnTo);
})();
</script>
</body>
</html>`;
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
  return { html, csp };
}
