// Non-interactive login + consent so tests can drive the authorization code flow over plain
// HTTP. It sits in front of oidc-provider's devInteractions: when no account can be determined
// it steps aside and the devInteractions HTML login form is shown instead.
//
// Follows oidc-provider's interaction API: interactionDetails() reads the pending interaction
// (from its cookie), interactionResult() stores the outcome and returns the URL that resumes
// the authorization request. See
// https://github.com/panva/node-oidc-provider/blob/main/docs/README.md#user-flows

const INTERACTION_PATH = /^\/interaction\/[^/]+$/;

/**
 * @param {import('oidc-provider').default} provider
 * @param {{ autoLoginAccountId: string | null }} config
 */
export function autoLogin(provider, { autoLoginAccountId }) {
  return async function autoLoginInteraction(ctx, next) {
    if (ctx.method !== 'GET' || !INTERACTION_PATH.test(ctx.path)) return next();

    let interaction;
    try {
      interaction = await provider.interactionDetails(ctx.req, ctx.res);
    } catch (err) {
      // Outside the provider's own routes nobody renders its errors for us; answer the way the
      // token endpoint would so a test sees what went wrong (usually a missing cookie).
      ctx.status = err.statusCode ?? 400;
      ctx.body = {
        error: err.error ?? 'invalid_request',
        error_description: err.error_description ?? err.message,
      };
      return undefined;
    }

    const { params } = interaction;
    const accountId = params.test_account || autoLoginAccountId;
    if (!accountId) return next();

    const result = params.test_deny
      ? { error: 'access_denied', error_description: 'End-User denied the request (test_deny)' }
      : {
          login: { accountId },
          consent: { grantId: await grantEverythingRequested(provider, interaction, accountId) },
        };

    // Login and consent are answered in one step, so the flow needs a single interaction round
    // trip whatever prompt oidc-provider started with.
    const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, {
      mergeWithLastSubmission: false,
    });
    ctx.status = 303;
    ctx.set('Location', returnTo);
    return undefined;
  };
}

/**
 * A fresh grant holding every requested scope (offline_access included, when asked for) and any
 * claims the consent prompt already reported missing. A new grant each time keeps tests
 * independent: nothing carries over from an earlier authorization by the same account.
 */
async function grantEverythingRequested(provider, interaction, accountId) {
  const { params, prompt } = interaction;
  const grant = new provider.Grant({ accountId, clientId: params.client_id });
  if (params.scope) grant.addOIDCScope(params.scope);
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  return grant.save();
}
