import type { AllMiddlewareArgs, Logger, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { agendaFor, sourceSummaries, timeline } from '../../../answer/index.ts';
import { answerAndReply } from '../../conversation.ts';
import { agendaMessage, agendaUsageMessage, answerMessage, apologyMessage, gapsMessage, helpMessage, noticeMessage, sourcesMessage, timelineMessage, type SlackMessage } from '../../render.ts';
import type { ListenerDeps } from '../deps.ts';

/**
 * `/summit [help|agenda [meeting]|sources|timeline|digest|gaps|<question>]`. The reply goes back in
 * the ack itself (ephemeral): nothing to call after, so it is always within Slack's 3 seconds.
 */
export function summitCommand(deps: ListenerDeps) {
  return async ({ command, ack, logger }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    let acked = false;
    const send = (reply: SlackMessage) => {
      acked = true;
      return ack({ response_type: 'ephemeral', ...reply });
    };
    let ran = 'failed';
    try {
      ran = await summitReply(deps, command.text ?? '', command.user_id, logger, send);
    } catch (error) {
      logger.error(`/summit failed for ${command.user_id} in ${command.channel_id}:`, error);
      if (!acked) await send(apologyMessage());
    }
    logger.info(`/summit ${ran} by ${command.user_id} in ${command.channel_id}`);
  };
}

/**
 * Longer than any meeting reference ("san francisco 2023"), so cutting there changes no
 * agenda lookup; normalising costs time in proportion to length (about a second for four
 * million characters full of apostrophes).
 */
export const MAX_AGENDA_ARGUMENT = 200;

/**
 * Sends the reply to `/summit <text>` and returns the name of what ran (for the log; never the
 * question). A question's outcome is counted after the reply is sent (see answerAndReply).
 */
export async function summitReply(deps: ListenerDeps, text: string, user: string, logger: Logger, send: (reply: SlackMessage) => Promise<void>): Promise<string> {
  const subcommand = await subcommandReply(deps, text, user, logger);
  if (subcommand) {
    await send(subcommand[1]);
    return subcommand[0];
  }
  await answerAndReply(deps, text, 'command', logger, (result) => send(answerMessage(result, { shareable: true })));
  return 'question';
}

/**
 * A subcommand made from the state store: when the store fails or misses its deadline (a
 * locked or stopped database), the reply says what is unavailable, well within Slack's 3 s.
 */
async function fromStore(name: string, what: string, logger: Logger, reply: () => Promise<SlackMessage>): Promise<[string, SlackMessage]> {
  try {
    return [name, await reply()];
  } catch (error) {
    logger.warn(`/summit ${name}: the state store did not answer (${(error as Error).message})`);
    return [`${name} (store unavailable)`, noticeMessage(`${what} comes from my state store, which is not answering right now. Try again in a minute; questions still work.`)];
  }
}

/** The reply to `/summit help`, `agenda`, `sources`…, with its name; undefined for a question. */
async function subcommandReply(deps: ListenerDeps, text: string, user: string, logger: Logger): Promise<[string, SlackMessage] | undefined> {
  const kb = deps.index.kb;
  const [first = '', ...rest] = text.trim().split(/\s+/);
  const word = first.toLowerCase();
  const argument = rest.join(' ');
  if (!word) return ['help', helpMessage(kb)];
  // A subcommand only when nothing follows it: "help me understand…" is a question.
  if (!argument && word === 'help') return ['help', helpMessage(kb)];
  if (!argument && word === 'sources') return ['sources', sourcesMessage(sourceSummaries(kb))];
  if (!argument && word === 'timeline') return ['timeline', timelineMessage(kb.about, timeline(kb))];
  if (!argument && word === 'digest') return fromStore('digest', 'The digest preview', logger, async () => deps.digestPreview());
  if (!argument && word === 'gaps') {
    if (!deps.curators.has(user))
      return ['gaps (not a curator)', noticeMessage('The list of questions I could not answer is for the curators of my sources. Ask one of them, or an admin, to add you to CURATOR_USER_IDS.')];
    return fromStore('gaps', 'The list of gaps', logger, async () => gapsMessage(await deps.gaps(10)));
  }
  if (word === 'agenda') {
    // "agenda", "agenda 2023", "agenda lima"; "agenda for the fentanyl talks" is a question.
    const agenda = agendaFor(kb, argument.slice(0, MAX_AGENDA_ARGUMENT));
    if (agenda) return ['agenda', agendaMessage(agenda)];
    // One or two words that name no meeting ("paris", "help") are a wrong name, not a question.
    if (argument.trim().split(/\s+/).length <= 2) return ['agenda (no such meeting)', agendaUsageMessage(kb, argument)];
  }
  return undefined;
}
