/**
 * The fixed upstream answer: a Slack `chat.postMessage` success of about 1 KB, shaped like the
 * real one (message with blocks), so the connector's envelope check and output schema pass.
 */
const message = {
  ok: true,
  channel: 'C0GENERAL01',
  ts: '1712345678.000100',
  message: {
    type: 'message',
    subtype: 'bot_message',
    text: 'Deploy of *api* finished: 42 services rolled out in 3m12s, no errors. Dashboards: <https://grafana.example.com/d/deploys|deploys>',
    user: 'U0BOT00001',
    bot_id: 'B0BOT00001',
    app_id: 'A0APP00001',
    team: 'T0TEAM0001',
    ts: '1712345678.000100',
    bot_profile: { id: 'B0BOT00001', app_id: 'A0APP00001', name: 'causeway-agent', deleted: false, updated: 1712300000, team_id: 'T0TEAM0001' },
    blocks: [
      {
        type: 'rich_text',
        block_id: 'b1Xq',
        elements: [
          {
            type: 'rich_text_section',
            elements: [
              { type: 'text', text: 'Deploy of ' },
              { type: 'text', text: 'api', style: { bold: true } },
              { type: 'text', text: ' finished: 42 services rolled out in 3m12s, no errors. Dashboards: ' },
              { type: 'link', url: 'https://grafana.example.com/d/deploys', text: 'deploys' },
            ],
          },
        ],
      },
    ],
  },
  warning: 'missing_charset',
  response_metadata: { warnings: ['missing_charset'] },
};

export const UPSTREAM_BODY = JSON.stringify(message);

/** What agents and the baselines send: the same Slack message, as a Slack call and as a Causeway call. */
export const SLACK_TEXT = 'Deploy of *api* finished: 42 services rolled out in 3m12s, no errors.';
export const SLACK_REQUEST_BODY = JSON.stringify({ channel: 'C0GENERAL01', text: SLACK_TEXT });
export const CAUSEWAY_REQUEST_BODY = JSON.stringify({ input: { channel: 'C0GENERAL01', text: SLACK_TEXT } });
export const UPSTREAM_PATH = '/api/chat.postMessage';
export const SLACK_TOKEN = 'xoxb-000000000000-000000000000-benchbenchbenchbenchbenc';
