/**
 * A team's first messages, through the real Bolt app over signed HTTP: "help", "thanks", a
 * greeting or an emoji get a short fitting reply and never a fact; `/summit agenda <wrong name>`
 * names the meetings there are.
 */
import { describe, expect, it } from 'vitest';
import { meetingHandle } from '../../src/knowledge/index.ts';
import { appMention, directMessage, eventCallback, slashCommand } from '../helpers/slack-requests.ts';
import { liveKb, selfAnsweringFact } from '../helpers/live-base.ts';
import { botForThisFile } from './bot-harness.ts';

const t = botForThisFile();

const SUBCOMMANDS = ['agenda', 'timeline', 'sources', 'digest', 'gaps'];
const factAnswers = liveKb.facts.map((f) => f.answer.slice(0, 40));
const quotes = liveKb.facts.flatMap((f) => f.quotes.map((q) => q.slice(0, 40))).filter((q) => q.length >= 20);
/** Whether a reply carries any fact of the base, as an answer or a cited quote. */
const carriesFact = (payload: unknown) => {
  const text = JSON.stringify(payload).replace(/\\"/g, '"');
  return factAnswers.some((a) => text.includes(a)) || quotes.some((q) => text.includes(q));
};
const postedTo = async (channel: string) => {
  const calls = await t.api.waitForCall('chat.postMessage', { predicate: (c) => !c.failed && c.args.channel === channel });
  return calls.at(-1)!.args;
};

describe('first messages', () => {
  it('a question in a DM does carry a fact (so the checks below can fail)', async () => {
    await t.send(eventCallback(directMessage({ text: selfAnsweringFact().question, channel: 'D20' })));
    expect(carriesFact(await postedTo('D20'))).toBe(true);
  });

  it('"help" in a DM lists every subcommand, gaps included, and no fact', async () => {
    await t.send(eventCallback(directMessage({ text: 'help', channel: 'D21' })));
    const reply = await postedTo('D21');
    for (const sub of SUBCOMMANDS) expect(JSON.stringify(reply)).toContain(`/summit ${sub}`);
    expect(carriesFact(reply)).toBe(false);
  });

  it.each(['thanks!', 'thank you so much', 'hi there', '👍', 'ok cool'])('"%s" in a DM gets a short reply and no fact', async (text) => {
    const channel = `D-${Buffer.from(text).toString('hex').slice(0, 10)}`;
    await t.send(eventCallback(directMessage({ text, channel })));
    const reply = await postedTo(channel);
    expect(String(reply.text).length).toBeGreaterThan(0);
    expect(carriesFact(reply)).toBe(false);
  });

  it('"@bot help" in a channel lists the subcommands in the thread, and no fact', async () => {
    await t.send(eventCallback(appMention({ text: '<@UBOT> help', channel: 'C21' })));
    const reply = await postedTo('C21');
    expect(JSON.stringify(reply)).toContain('/summit gaps');
    expect(carriesFact(reply)).toBe(false);
  });

  it('/summit help lists every subcommand', async () => {
    const reply = (await t.send(slashCommand({ text: 'help' }))).json;
    for (const sub of SUBCOMMANDS) expect(JSON.stringify(reply)).toContain(`/summit ${sub}`);
  });

  it('/summit agenda with a meeting the base does not hold says so and lists the ones it does', async () => {
    const reply = (await t.send(slashCommand({ text: 'agenda atlantis' }))).json as { text: string };
    expect(reply.text).toContain('atlantis');
    for (const m of liveKb.meetings) expect(reply.text).toContain(`/summit agenda ${meetingHandle(m)}`);
    expect(carriesFact(reply)).toBe(false);
  });

  it('/summit agenda help explains the subcommand rather than answering', async () => {
    const reply = (await t.send(slashCommand({ text: 'agenda help' }))).json as { text: string };
    expect(reply.text).toContain('/summit agenda [meeting]');
    expect(carriesFact(reply)).toBe(false);
  });
});
