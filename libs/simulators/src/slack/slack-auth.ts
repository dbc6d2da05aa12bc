import type { MethodSpec, SlackState } from './slack-methods';
import { SIM_BOT } from './slack-workspace';

/** auth.test and auth.revoke: who a token is, and revoking it. */
export function authMethods({ clock, tokens, workspace }: SlackState): Record<string, MethodSpec> {
  return {
    'auth.test': {
      scopes: () => [],
      run: ({ token }) => ({
        body: {
          ok: true,
          url: `https://${workspace.team.domain}.slack.com/`,
          team: workspace.team.name,
          user: token.attributes['tokenType'] === 'bot' ? 'causeway' : 'alice',
          team_id: workspace.team.id,
          user_id: token.subject,
          ...(token.attributes['tokenType'] === 'bot' ? { bot_id: SIM_BOT.botId } : {}),
          ...(token.expiresAt ? { expires_in: Math.max(0, Math.floor((token.expiresAt - clock.now()) / 1000)) } : {}),
        },
      }),
    },
    // auth.revoke (docs.slack.dev/reference/methods/auth.revoke): revokes the very token that
    // calls it and answers { ok: true, revoked: true }; `test=1` is a dry run (revoked: false).
    // Later calls with it answer token_revoked. What happens to a rotation refresh token is not
    // documented, so it is left alone here.
    'auth.revoke': {
      scopes: () => [],
      run: ({ args, token }) => {
        const dryRun = args['test'] === '1' || args['test'] === true || args['test'] === 'true';
        if (!dryRun) tokens.revoke(token.token);
        return { body: { ok: true, revoked: !dryRun } };
      },
    },
  };
}
