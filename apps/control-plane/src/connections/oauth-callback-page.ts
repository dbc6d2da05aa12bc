import { createHash } from 'node:crypto';

/**
 * The page a browser lands on when a vendor returns the token in the URL fragment (implicit
 * grant): browsers never send the fragment to a server, so this script reads it, removes it from
 * the address bar and history, and posts it to the same path. The Content-Security-Policy
 * admits exactly this script (by hash) and requests to this origin, nothing else.
 *
 * Not an outbound request of ours: this `fetch` runs in the admin's browser, to our own origin
 * (CSP `connect-src 'self'`), so the egress guard has nothing to guard here.
 */
const script = `(function () {
  var fragment = new URLSearchParams(location.hash.slice(1));
  history.replaceState(null, '', location.pathname);
  var body = {};
  fragment.forEach(function (value, key) { body[key] = value; });
  var say = function (text) { document.getElementById('status').textContent = text; };
  // Runs in the user's browser, back to this origin only: not a server-side request, so not one for the egress guard.
  fetch(location.pathname, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) })
    .then(function (response) { return response.json().then(function (answer) {
      say(response.ok ? 'Connected. You can close this window.' : 'Not connected: ' + ((answer.error && answer.error.message) || response.status));
    }); })
    .catch(function () { say('Not connected: the request failed.'); });
})();`;

export const FRAGMENT_RELAY_PAGE = `<!doctype html><meta charset="utf-8"><title>Connecting…</title><p id="status">Connecting…</p><script>${script}</script>`;

export const FRAGMENT_RELAY_CSP = `default-src 'none'; script-src 'sha256-${createHash('sha256').update(script).digest('base64')}'; connect-src 'self'`;
