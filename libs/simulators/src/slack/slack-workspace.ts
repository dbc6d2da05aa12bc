import type { Clock } from '../common/clock';

export interface SlackMessage {
  type: 'message';
  subtype?: string;
  user?: string;
  bot_id?: string;
  text: string;
  ts: string;
  thread_ts?: string;
  reply_count?: number;
  latest_reply?: string;
  parent_user_id?: string;
  /** A thread reply also shown in the channel. */
  reply_broadcast?: boolean;
  blocks?: unknown[];
  reactions?: Array<{ name: string; users: string[]; count: number }>;
}

export interface SlackChannel {
  id: string;
  name: string;
  is_private: boolean;
  is_archived: boolean;
  created: number;
  /** Whether the simulated app's bot user has joined. */
  botIsMember: boolean;
  topic: string;
  purpose: string;
  members: number;
  /** Oldest first. */
  messages: SlackMessage[];
}

export interface SlackSeed {
  team?: { id: string; name: string; domain: string };
  channels?: Array<Partial<Omit<SlackChannel, 'messages'>> & { id: string; name: string; messages?: Array<{ user: string; text: string }> }>;
}

export const SIM_TEAM = { id: 'T0SIMTEAM1', name: 'Causeway Demo', domain: 'causeway-demo' };
export const SIM_BOT = { userId: 'U0SIMBOT01', botId: 'B0SIMBOT01', appId: 'A0SIMAPP01' };

/** The workspace state: channels and their messages. */
export class SlackWorkspace {
  readonly team: { id: string; name: string; domain: string };
  readonly channels = new Map<string, SlackChannel>();
  private lastTs = 0;

  constructor(
    private readonly clock: Clock,
    seed: SlackSeed = defaultSeed(),
  ) {
    this.team = seed.team ?? SIM_TEAM;
    for (const channel of seed.channels ?? []) this.addChannel(channel);
  }

  addChannel(seed: NonNullable<SlackSeed['channels']>[number]): SlackChannel {
    const channel: SlackChannel = {
      id: seed.id,
      name: seed.name,
      is_private: seed.is_private ?? false,
      is_archived: seed.is_archived ?? false,
      created: seed.created ?? Math.floor(this.clock.now() / 1000) - 86_400,
      botIsMember: seed.botIsMember ?? true,
      topic: seed.topic ?? '',
      purpose: seed.purpose ?? '',
      members: seed.members ?? 3,
      messages: [],
    };
    this.channels.set(channel.id, channel);
    for (const message of seed.messages ?? []) this.append(channel, { type: 'message', user: message.user, text: message.text });
    return channel;
  }

  /** By ID, `#name` or name, as chat.postMessage accepts. */
  resolve(channel: string | undefined): SlackChannel | undefined {
    if (!channel) return undefined;
    const direct = this.channels.get(channel);
    if (direct) return direct;
    const name = channel.replace(/^#/, '');
    return [...this.channels.values()].find((candidate) => candidate.name === name);
  }

  /**
   * `ts` is "<epoch seconds>.<6 digits>" and unique per channel; here unique per workspace,
   * strictly increasing even when the clock stands still.
   */
  nextTs(): string {
    const micros = Math.max(this.clock.now() * 1000, this.lastTs + 1);
    this.lastTs = micros;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  append(channel: SlackChannel, message: Omit<SlackMessage, 'ts'>): SlackMessage {
    const stored: SlackMessage = { ...message, ts: this.nextTs() };
    channel.messages.push(stored);
    return stored;
  }

  find(channel: SlackChannel, ts: string): SlackMessage | undefined {
    return channel.messages.find((message) => message.ts === ts);
  }
}

function defaultSeed(): SlackSeed {
  return {
    team: SIM_TEAM,
    channels: [
      {
        id: 'C0GENERAL01',
        name: 'general',
        purpose: 'Company-wide announcements',
        members: 12,
        messages: [
          { user: 'U0ALICE001', text: 'Welcome to Causeway Demo!' },
          { user: 'U0BOB00001', text: 'Standup in 5 minutes' },
          { user: 'U0ALICE001', text: 'Release 1.4 is out' },
        ],
      },
      { id: 'C0RANDOM001', name: 'random', botIsMember: false, members: 10 },
      { id: 'G0LEADERS01', name: 'leadership', is_private: true, members: 3 },
      { id: 'C0ARCHIVE01', name: 'old-project', is_archived: true },
      { id: 'C0ENG000001', name: 'engineering', members: 7 },
      { id: 'C0SUPPORT01', name: 'support', members: 5 },
    ],
  };
}
