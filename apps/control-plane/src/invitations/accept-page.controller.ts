import { randomBytes } from 'node:crypto';
import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access-levels';

/**
 * Where invitation and reset links land: `/accounts/accept#invitation=…` or `#reset=…`. The
 * token stays in the fragment, which browsers never send, so no server or proxy log holds it;
 * the page's one script (under a per-response nonce) posts it to the GraphQL mutations. A
 * console session in this tab (sessionStorage) is sent along, for existing accounts.
 */
@Public()
@Controller('accounts')
export class AcceptPageController {
  @Get('accept')
  page(@Res() reply: FastifyReply) {
    const nonce = randomBytes(16).toString('base64');
    void reply
      .header('Content-Type', 'text/html; charset=utf-8')
      .header('Cache-Control', 'no-store')
      .header('Referrer-Policy', 'no-referrer')
      .header(
        'Content-Security-Policy',
        `default-src 'none'; script-src 'nonce-${nonce}'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      )
      .send(acceptPage(nonce));
  }
}

function acceptPage(nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Causeway account</title></head>
<body>
<h1 id="title">Causeway account</h1>
<p id="hint"></p>
<form id="form">
  <input id="password" type="password" autocomplete="new-password" minlength="12">
  <button type="submit" id="submit">Continue</button>
</form>
<p id="result" role="status"></p>
<script nonce="${nonce}">
(function () {
  var params = new URLSearchParams(window.location.hash.slice(1));
  var invitation = params.get('invitation');
  var reset = params.get('reset');
  // Take the token out of the address bar and history at once.
  history.replaceState(null, '', window.location.pathname);
  var session = window.sessionStorage.getItem('causeway.accessToken');
  var $ = function (id) { return document.getElementById(id); };
  if (reset) {
    $('title').textContent = 'Choose a new password';
    $('hint').textContent = 'At least 12 characters. Every open session of this account will end.';
    $('password').required = true;
  } else if (invitation) {
    $('title').textContent = 'Accept your invitation';
    $('hint').textContent = session
      ? 'You are signed in; accepting adds this account to the tenant. Leave the password empty.'
      : 'New here? Choose a password (12+ characters). Already have an account? Sign in on the console first, then open this link again in that tab.';
  } else {
    $('form').hidden = true;
    $('hint').textContent = 'This link is incomplete.';
    return;
  }
  $('form').addEventListener('submit', function (event) {
    event.preventDefault();
    var password = $('password').value;
    var body = reset
      ? { query: 'mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }', variables: { t: reset, p: password } }
      : { query: 'mutation($t: String!, $p: String) { acceptInvitation(token: $t, password: $p) { accessToken accessTokenExpiresAt refreshToken } }', variables: { t: invitation, p: password || null } };
    var headers = { 'Content-Type': 'application/json' };
    if (session && invitation) headers.Authorization = 'Bearer ' + session;
    // Runs in the invitee's browser, to this origin only (CSP connect-src 'self'): not a server-side request, so not one for the egress guard.
    fetch('/graphql', { method: 'POST', headers: headers, body: JSON.stringify(body) })
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        if (answer.errors && answer.errors.length) { $('result').textContent = answer.errors[0].message; return; }
        $('form').hidden = true;
        if (reset) { $('result').textContent = 'Password changed. Sign in on the console at ' + window.location.origin + '/.'; return; }
        // The console app's session keys (console-web/src/session.ts): the new member lands there signed in.
        var tokens = answer.data.acceptInvitation;
        window.sessionStorage.setItem('causeway.accessToken', tokens.accessToken);
        window.sessionStorage.setItem('causeway.accessTokenExpiresAt', tokens.accessTokenExpiresAt);
        window.sessionStorage.setItem('causeway.refreshToken', tokens.refreshToken);
        window.location.replace('/');
      })
      .catch(function () { $('result').textContent = 'The control plane could not be reached; try again.'; });
  });
})();
</script>
</body>
</html>`;
}
