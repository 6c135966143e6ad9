import type { AllMiddlewareArgs, Logger, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { agendaFor, sourceSummaries, timeline } from '../../../answer/index.ts';
import { answerAndRecord } from '../../conversation.ts';
import {
  agendaMessage,
  answerMessage,
  apologyMessage,
  gapsMessage,
  helpMessage,
  noticeMessage,
  sourcesMessage,
  timelineMessage,
  type SlackMessage,
} from '../../render.ts';
import type { ListenerDeps } from '../deps.ts';

/**
 * `/summit [help|agenda [meeting]|sources|timeline|digest|gaps|<question>]`. The reply goes back in
 * the ack itself (ephemeral): nothing to call after, so it is always within Slack's 3 seconds.
 */
export function summitCommand(deps: ListenerDeps) {
  return async ({ command, ack, logger }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    let reply: SlackMessage;
    let ran = 'failed';
    try {
      [ran, reply] = await summitReply(deps, command.text ?? '', command.user_id, logger);
    } catch (error) {
      logger.error(`/summit failed for ${command.user_id} in ${command.channel_id}:`, error);
      reply = apologyMessage();
    }
    await ack({ response_type: 'ephemeral', ...reply });
    logger.info(`/summit ${ran} by ${command.user_id} in ${command.channel_id}`);
  };
}

/**
 * Longer than any meeting reference ("san francisco 2023"), so cutting there changes no
 * agenda lookup; normalising costs time in proportion to length (about a second for four
 * million characters full of apostrophes).
 */
export const MAX_AGENDA_ARGUMENT = 200;

/** The reply to `/summit <text>`, with the name of what ran (for the log; never the question). */
export async function summitReply(deps: ListenerDeps, text: string, user: string, logger: Logger): Promise<[string, SlackMessage]> {
  const kb = deps.index.kb;
  const [first = '', ...rest] = text.trim().split(/\s+/);
  const word = first.toLowerCase();
  const argument = rest.join(' ');
  if (!word) return ['help', helpMessage(kb)];
  // A subcommand only when nothing follows it: "help me understand…" is a question.
  if (!argument && word === 'help') return ['help', helpMessage(kb)];
  if (!argument && word === 'sources') return ['sources', sourcesMessage(sourceSummaries(kb))];
  if (!argument && word === 'timeline') return ['timeline', timelineMessage(kb.about, timeline(kb))];
  if (!argument && word === 'digest') return ['digest', await deps.digestPreview()];
  if (!argument && word === 'gaps') {
    if (!deps.curators.has(user)) return ['gaps (not a curator)', noticeMessage('The list of questions I could not answer is for the curators of my sources. Ask one of them, or an admin, to add you to CURATOR_USER_IDS.')];
    return ['gaps', gapsMessage(await deps.gaps(10))];
  }
  if (word === 'agenda') {
    // "agenda", "agenda 2023", "agenda lima"; "agenda for the fentanyl talks" is a question.
    const agenda = agendaFor(kb, argument.slice(0, MAX_AGENDA_ARGUMENT));
    if (agenda) return ['agenda', agendaMessage(agenda)];
  }
  return ['question', answerMessage(await answerAndRecord(deps, text, 'command', logger), { shareable: true })];
}
