import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { agendaFor, answerQuestion, sourceSummaries, timeline } from '../../../answer/index.ts';
import {
  agendaMessage,
  answerMessage,
  apologyMessage,
  escapeUserText,
  helpMessage,
  section,
  sourcesMessage,
  timelineMessage,
  type SlackMessage,
} from '../../render.ts';
import type { ListenerDeps } from '../deps.ts';

/**
 * `/summit [help|agenda [year]|sources|timeline|digest|<question>]`. The reply goes back in
 * the ack itself (ephemeral): nothing to call after, so it is always within Slack's 3 seconds.
 */
export function summitCommand(deps: ListenerDeps) {
  return async ({ command, ack, logger }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    let reply: SlackMessage;
    try {
      reply = await summitReply(deps, command.text ?? '');
    } catch (error) {
      logger.error(`/summit failed for ${command.user_id} in ${command.channel_id}:`, error);
      reply = apologyMessage();
    }
    await ack({ response_type: 'ephemeral', ...reply });
    logger.info(`/summit ${subcommandOf(command.text ?? '')} by ${command.user_id} in ${command.channel_id}`);
  };
}

export async function summitReply(deps: ListenerDeps, text: string): Promise<SlackMessage> {
  const kb = deps.index.kb;
  const [word = '', ...rest] = text.trim().split(/\s+/);
  const argument = rest.join(' ');
  switch (subcommandOf(text)) {
    case 'help':
      return helpMessage(kb);
    case 'agenda': {
      const agenda = agendaFor(kb, argument);
      if (agenda) return agendaMessage(agenda);
      const years = kb.meetings.map((m) => m.date.slice(0, 4)).join(', ');
      const reply = `I don't know a meeting called “${escapeUserText(argument)}”. Try \`/summit agenda\` with one of: ${years}.`;
      return { text: reply, blocks: [section(reply)] };
    }
    case 'sources':
      return sourcesMessage(sourceSummaries(kb));
    case 'timeline':
      return timelineMessage(timeline(kb));
    case 'digest': {
      if (deps.digestPreview) return deps.digestPreview();
      const reply = 'The daily digest is not set up in this workspace (an admin sets DIGEST_CHANNEL).';
      return { text: reply, blocks: [section(reply)] };
    }
    default:
      return answerMessage(answerQuestion(deps.index, word ? text : ''), { shareable: true });
  }
}

type Subcommand = 'help' | 'agenda' | 'sources' | 'timeline' | 'digest' | 'question';

function subcommandOf(text: string): Subcommand {
  const [word = '', ...rest] = text.trim().toLowerCase().split(/\s+/);
  if (word === '' || word === 'help') return 'help';
  if (word === 'agenda' && rest.length <= 2) return 'agenda';
  if ((word === 'sources' || word === 'timeline' || word === 'digest') && rest.length === 0) return word;
  return 'question';
}
