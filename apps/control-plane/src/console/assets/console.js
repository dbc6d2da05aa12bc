/* The console's only script: sign in through the login mutation, keep the tokens in this
 * tab's sessionStorage, and send the access token with every GraphiQL request. When the
 * access token expires, one refresh is tried before asking to sign in again. */
(function () {
  'use strict';
  var store = window.sessionStorage;
  var endpoint = '/graphql';

  function post(body, token) {
    var headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    return fetch(endpoint, { method: 'POST', headers: headers, body: JSON.stringify(body) }).then(function (r) {
      return r.json();
    });
  }

  function setSession(text, isError) {
    var el = document.getElementById('session');
    el.textContent = text;
    el.className = isError ? 'error' : '';
    document.getElementById('sign-out').hidden = !store.getItem('causeway.accessToken');
  }

  function saveTokens(tokens) {
    store.setItem('causeway.accessToken', tokens.accessToken);
    store.setItem('causeway.refreshToken', tokens.refreshToken);
  }

  function refresh() {
    var refreshToken = store.getItem('causeway.refreshToken');
    if (!refreshToken) return Promise.resolve(false);
    return post({
      query: 'mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }',
      variables: { t: refreshToken },
    }).then(function (result) {
      if (result.data && result.data.refreshSession) {
        saveTokens(result.data.refreshSession);
        return true;
      }
      store.clear();
      setSession('Session expired: sign in again', true);
      return false;
    });
  }

  function fetcher(params) {
    return post(params, store.getItem('causeway.accessToken')).then(function (result) {
      var unauthenticated = (result.errors || []).some(function (e) {
        return e.extensions && e.extensions.code === 'UNAUTHENTICATED';
      });
      if (!unauthenticated) return result;
      return refresh().then(function (ok) {
        return ok ? post(params, store.getItem('causeway.accessToken')) : result;
      });
    });
  }

  function showWho() {
    return fetcher({ query: '{ me { email role tenant { slug } } }' }).then(function (result) {
      if (result.data && result.data.me) {
        var me = result.data.me;
        setSession('Signed in as ' + me.email + (me.tenant ? ' in ' + me.tenant.slug + ' (' + me.role + ')' : ''));
      } else {
        setSession('Not signed in');
      }
    });
  }

  document.getElementById('sign-in').addEventListener('submit', function (event) {
    event.preventDefault();
    var tenant = document.getElementById('tenant').value.trim();
    post({
      query: 'mutation($e: String!, $p: String!, $t: String) { login(email: $e, password: $p, tenant: $t) { accessToken refreshToken } }',
      variables: { e: document.getElementById('email').value, p: document.getElementById('password').value, t: tenant || null },
    }).then(function (result) {
      if (result.data && result.data.login) {
        saveTokens(result.data.login);
        document.getElementById('password').value = '';
        return showWho();
      }
      setSession((result.errors && result.errors[0] && result.errors[0].message) || 'Sign-in failed', true);
    });
  });

  document.getElementById('sign-out').addEventListener('click', function () {
    var refreshToken = store.getItem('causeway.refreshToken');
    store.clear();
    setSession('Signed out');
    if (refreshToken) post({ query: 'mutation($t: String!) { logout(refreshToken: $t) }', variables: { t: refreshToken } });
  });

  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: '# Sign in above, then run:\n{\n  me {\n    email\n    role\n    tenant { slug name }\n    permissions\n  }\n}\n',
    }),
  );
  showWho();
})();
