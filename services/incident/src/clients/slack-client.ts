import type { AlertTier } from '@shopfast/contracts';
import type { ChannelOutcome, IncidentNotice } from '../model/incident';
import { postJson, refusal } from './http-post';
import { hideUrlsFromTraces } from './trace-redaction';

export interface SlackClientOptions {
  /** SLACK_WEBHOOK_URL_<TIER>; a tier without one is not configured, its posts are skipped. */
  webhooks: Record<AlertTier, string | undefined>;
  timeoutMs: number;
}

/** Slack's mrkdwn needs these three escaped; nothing else in a title can format or mention. */
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The message: a plain `text` (notifications, fallback) and blocks (what the channel shows). */
export function slackMessage(notice: IncidentNotice, state: 'triggered' | 'resolved') {
  const headline = state === 'triggered' ? `:rotating_light: [${notice.tier}] ${notice.title}` : `:white_check_mark: Resolved: ${notice.title}`;
  const facts = [`*Tier:* ${notice.tier}`, `*Service:* ${notice.service ?? 'n/a'}`, `*Priority:* ${notice.priority || 'n/a'}`, `*Alert:* ${notice.alertKind ?? 'n/a'}`];
  const blocks: Array<Record<string, unknown>> = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${escape(clip(headline, 2_900))}*` } },
    { type: 'section', fields: facts.map((fact) => ({ type: 'mrkdwn', text: escape(fact) })) },
  ];
  if (state === 'triggered' && notice.message.trim()) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: escape(clip(notice.message, 2_900)) } });
  if (/^https?:\/\//i.test(notice.link)) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${notice.link}|Open the monitor in Datadog>` }] });
  return { text: clip(headline, 3_000), blocks };
}

/**
 * Slack incoming webhooks, one per routing tier: a post when an incident opens and when it resolves. A
 * webhook URL is a credential: its path never reaches a span (hideUrlsFromTraces), a log or an error.
 */
export function createSlackClient({ webhooks, timeoutMs }: SlackClientOptions) {
  hideUrlsFromTraces(Object.values(webhooks));
  return {
    async post(notice: IncidentNotice, state: 'triggered' | 'resolved'): Promise<ChannelOutcome> {
      const url = webhooks[notice.tier];
      if (!url) return { status: 'skipped', reason: `SLACK_WEBHOOK_URL_${notice.tier.toUpperCase()} is not set` };
      const answer = await postJson('Slack', url, slackMessage(notice, state), timeoutMs);
      if (answer.status !== 200) throw refusal('Slack', answer);
      return { status: 'done', detail: { status: answer.status, tier: notice.tier, state } };
    },
  };
}

export type SlackClient = ReturnType<typeof createSlackClient>;
