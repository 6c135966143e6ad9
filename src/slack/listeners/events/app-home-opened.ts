import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { exampleQuestions } from '../../../answer/index.ts';
import { homeView } from '../../render.ts';
import type { ListenerDeps } from '../deps.ts';

const WEEK_MS = 7 * 86_400_000;

/**
 * The Home tab opened: publish what the bot knows and how to ask (with the week's gaps for a
 * curator). The Messages tab opened: offer suggested prompts in the agent view; a workspace
 * whose plan lacks the agent view refuses the call, and plain DMs keep working.
 */
export function appHomeOpened(deps: ListenerDeps) {
  return async ({ event, client, logger }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    const examples = exampleQuestions(deps.index, 4);
    if (event.tab === 'messages') {
      await client.assistant.threads
        .setSuggestedPrompts({ channel_id: event.channel, prompts: examples.map((q) => ({ title: q, message: q })) } as Parameters<typeof client.assistant.threads.setSuggestedPrompts>[0])
        .catch((error) => logger.debug(`suggested prompts not set (no agent view on this workspace?): ${(error as Error).message}`));
      return;
    }
    const curator = deps.curators.has(event.user)
      ? await curatorSummary(deps).catch((error) => {
          logger.warn(`Home tab without the week's figures: the state store did not answer (${(error as Error).message})`);
          return 'unavailable' as const;
        })
      : undefined;
    await client.views.publish({ user_id: event.user, view: homeView(deps.index.kb, examples, curator) });
  };
}

async function curatorSummary(deps: ListenerDeps) {
  const totals = await deps.activity.totals(new Date(deps.now().getTime() - WEEK_MS));
  return { totals: { answered: totals.answered, declined: totals.declined + totals.partial + totals['not-reported'], down: totals['thumbs-down'] }, gaps: await deps.gaps(5) };
}
