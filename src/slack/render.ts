/**
 * Block Kit for every reply. Each function returns `{ text, blocks }`: `text` is the plain
 * fallback Slack shows in notifications and screen readers, so it is always set.
 */
import type { types } from '@slack/bolt';
import { formatSourceLine, type Agenda, type AgendaItem, type AnswerResult, type Citation } from '../answer/index.ts';
import type { Digest, DigestItem } from '../digest/index.ts';
import { describeSources, formatDate, meetingHandle, scopeLine, type About, type Fact, type KnowledgeBase, type Meeting, type Source, type SourceKind } from '../knowledge/index.ts';

type Block = types.KnownBlock;
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** Slack's limits: section text, blocks per message, button label and value. */
export const LIMITS = { sectionText: 3000, blocks: 50, buttonText: 75, buttonValue: 2000, contextElements: 10 } as const;

export const ACTIONS = {
  share: 'share_answer',
  quote: 'show_quote',
  /** Suffixed with the button's position: action ids must be unique in a block. */
  suggestion: 'ask_suggestion',
  feedback: 'answer_feedback',
  /** A question button on the Home tab, answered in the DM; suffixed like suggestions. */
  homeQuestion: 'home_question',
} as const;

/**
 * What a feedback click must carry to be recorded on any replica: an ephemeral answer's click
 * comes with no message, so the fact, the kind of reply and the question travel in the value.
 */
export interface FeedbackPayload {
  vote: 'up' | 'down';
  fact?: string;
  kind: string;
  question: string;
}

export function feedbackValue(payload: FeedbackPayload): string {
  const rest = JSON.stringify({ v: payload.vote, f: payload.fact, k: payload.kind, q: '' });
  return JSON.stringify({ v: payload.vote, f: payload.fact, k: payload.kind, q: clipJson(payload.question, LIMITS.buttonValue - rest.length) });
}

/** The payload of a feedback click, or undefined for a value we did not write. */
export function parseFeedbackValue(value: string | undefined): FeedbackPayload | undefined {
  try {
    const v = JSON.parse(value ?? '') as { v?: unknown; f?: unknown; k?: unknown; q?: unknown };
    if ((v.v !== 'up' && v.v !== 'down') || typeof v.k !== 'string' || typeof v.q !== 'string') return undefined;
    return { vote: v.v, fact: typeof v.f === 'string' ? v.f : undefined, kind: v.k, question: v.q };
  } catch {
    return undefined;
  }
}

/** 👍 "Helpful" / 👎 "Not what I asked" under an answer. */
function feedbackBlock(result: AnswerResult): Block {
  // The question travels inert: nothing in a value is shown, but nothing in it should ever act.
  const base = { fact: (result.fact ?? result.related?.fact)?.id, kind: result.kind, question: escapeUserText(result.question) };
  return {
    type: 'context_actions',
    elements: [
      {
        type: 'feedback_buttons',
        action_id: ACTIONS.feedback,
        positive_button: { text: { type: 'plain_text', text: 'Helpful' }, value: feedbackValue({ ...base, vote: 'up' }) },
        negative_button: { text: { type: 'plain_text', text: 'Not what I asked' }, value: feedbackValue({ ...base, vote: 'down' }) },
      },
    ],
  };
}

/**
 * Text from a user, made inert: `&`, `<` and `>` escaped so `<!channel>` or `<@U1>` is shown,
 * not acted on, and a zero-width joiner after `@` so a typed "@channel" pings nobody either.
 */
export function escapeUserText(text: string): string {
  return escapeMrkdwn(text).replace(/@(channel|here|everyone)\b/gi, '@\u200b$1');
}

/** The reply to "help", "thanks", "hi": short, no feedback buttons; help says what the commands are. */
function chatMessage(result: AnswerResult): SlackMessage {
  const blocks: Block[] = [section(escapeMrkdwn(result.answer))];
  const commands = result.chat === 'help' ? commandLines('ask a question, as you would here') : [];
  if (commands.length) blocks.push(section(commands.join('\n')));
  if (result.suggestions.length) blocks.push(section('For example:'), suggestionButtons(result.suggestions));
  return message([result.answer, ...commands].join('\n'), blocks);
}

/** Our own text (answers, titles) escaped for mrkdwn: only `&`, `<`, `>` are special. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function citationLine(c: Citation | Source): string {
  const line = escapeMrkdwn(formatSourceLine(c));
  return `${SOURCE_ICONS[c.kind]} ${c.url ? `<${c.url}|${line}>` : line}`;
}

/** A citation's icon says what kind of text it is: no newspaper on an official readout. */
export const SOURCE_ICONS: Record<SourceKind, string> = {
  'news article': ':newspaper:',
  'official readout': ':classical_building:',
  statement: ':classical_building:',
  'press release': ':loudspeaker:',
  transcript: ':speech_balloon:',
  report: ':page_facing_up:',
};

/**
 * Every reply of the engine: one fact; a list (a broad question), grouped by meeting; a time
 * span with the facts that date it; "my sources don't say …" or "not reported" with what the
 * sources do say; or an honest "I don't know" with suggestions as buttons.
 */
export function answerMessage(result: AnswerResult, opts: { shareable: boolean; askedBy?: string }): SlackMessage {
  const blocks: Block[] = [];
  if (opts.askedBy) blocks.push(context([`<@${opts.askedBy}> asked: “${escapeUserText(clip(result.question, 300))}”`]));
  const share = opts.shareable ? [button(':loudspeaker: Share in channel', ACTIONS.share, clip(result.question, 1000), 'primary')] : [];
  if (result.kind === 'list') {
    for (const group of result.groups ?? []) {
      blocks.push(section(`*${escapeMrkdwn(group.meeting ? meetingTitle(group.meeting) : 'In general')}*`));
      for (const fact of group.facts) {
        blocks.push(section(`• ${escapeMrkdwn(fact.answer)}`), context([citationLine(result.sources[result.facts.indexOf(fact)]!)]));
      }
    }
    if (result.more) blocks.push(context([`…and ${result.more} more: ask about one of them.`]));
    if (share.length) blocks.push({ type: 'actions', elements: share });
    blocks.push(feedbackBlock(result));
    return message(`${result.answer}\n(Sources: ${unique(result.sources.map(formatSourceLine)).join('; ')})`, blocks);
  }
  if (result.answered && result.fact) {
    blocks.push(section(escapeMrkdwn(result.answer)));
    blocks.push(context(result.sources.map(citationLine)));
    const quote = result.fact.quotes.length ? [button(':mag: Show the quote', ACTIONS.quote, result.fact.id)] : [];
    if (quote.length || share.length) blocks.push({ type: 'actions', elements: [...quote, ...share] });
    blocks.push(feedbackBlock(result));
    if (result.suggestions.length) {
      blocks.push(context(['See also:']), suggestionButtons(result.suggestions));
    }
    return message(`${result.answer} (Source: ${result.sources.map(formatSourceLine).join('; ')})`, blocks);
  }
  if (result.kind === 'chat') return chatMessage(result);
  blocks.push(section(escapeMrkdwn(result.answer)));
  if (result.related) {
    blocks.push(section(escapeMrkdwn(result.related.answer)), context(result.related.sources.map(citationLine)));
    if (result.related.fact.quotes.length) blocks.push({ type: 'actions', elements: [button(':mag: Show the quote', ACTIONS.quote, result.related.fact.id)] });
  }
  if (result.kind === 'no-match' && result.question) blocks.push(context([`You asked: “${escapeUserText(clip(result.question, 300))}”`]));
  if (result.suggestions.length) {
    blocks.push(section(result.kind === 'empty' ? 'For example:' : 'I can answer these:'), suggestionButtons(result.suggestions));
  }
  if (result.kind !== 'empty') blocks.push(feedbackBlock(result));
  const related = result.related ? ` ${result.related.answer} (Source: ${result.related.sources.map(formatSourceLine).join('; ')})` : '';
  return message(`${result.answer}${related}`, blocks);
}

/** The verbatim passages behind a fact, each its own quote, in the order the source has them. */
/** The verbatim passages of each source an answer cites, each source's under its own line. */
export function quoteMessage(citations: Citation[]): SlackMessage {
  const blocks = citations.flatMap((citation): Block[] => [
    { type: 'rich_text', elements: citation.passages.map((p) => ({ type: 'rich_text_quote' as const, elements: [{ type: 'text' as const, text: clip(p, LIMITS.sectionText) }] })) },
    context([citationLine(citation)]),
  ]);
  return message(citations.map((c) => `${c.passages.map((p) => `“${p}”`).join(' … ')} (${formatSourceLine(c)})`).join('\n'), blocks);
}

export function agendaMessage(agenda: Agenda): SlackMessage {
  const { meeting } = agenda;
  const title = `Agenda: ${meetingTitle(meeting)}`;
  const blocks: Block[] = [header(title)];
  const both = agenda.discussed.length > 0 && agenda.planned.length > 0;
  if (!agenda.discussed.length && !agenda.planned.length) blocks.push(section("My sources don't give this meeting's agenda."));
  const list = (heading: string, items: AgendaItem[]) => {
    if (!items.length) return;
    if (both) blocks.push(section(`*${heading}*`));
    for (const { fact, citation } of items) {
      blocks.push(section(`• ${escapeMrkdwn(fact.answer)}`));
      blocks.push(context([citationLine(citation), `“${escapeMrkdwn(clip(citation.quote, 280))}”`]));
    }
  };
  list('Discussed (reported after the meeting)', agenda.discussed);
  list('Planned (reported before the meeting)', agenda.planned);
  if (agenda.others.length) {
    blocks.push(context([`Other meetings: ${agenda.others.map((m) => `\`/summit agenda ${escapeMrkdwn(meetingHandle(m))}\``).join(', ')}`]));
  }
  const lines = (heading: string, items: AgendaItem[]) => [...(both && items.length ? [heading] : []), ...items.map(({ fact, citation }) => `• ${fact.answer} (${formatSourceLine(citation)})`)];
  const text = [title, ...lines('Discussed:', agenda.discussed), ...lines('Planned:', agenda.planned)].join('\n');
  return message(text, blocks);
}

export function timelineMessage(about: About, entries: { meeting: Meeting; fact: Fact; citation: Citation }[]): SlackMessage {
  const blocks: Block[] = [header(`${capitalize(about.subject)}, oldest first`)];
  for (const { meeting, fact, citation } of entries) {
    blocks.push(
      section(
        `*${escapeMrkdwn(formatDate(meeting.date))}: ${escapeMrkdwn(meeting.name)}*${meeting.place ? ` — ${escapeMrkdwn(meeting.place)}` : ' — place not stated in the sources'}\n${escapeMrkdwn(fact.answer)}`,
      ),
    );
    blocks.push(context([citationLine(citation)]));
  }
  const text = entries.map(({ meeting }) => `${formatDate(meeting.date)}: ${meeting.name}${meeting.place ? `, ${meeting.place}` : ''}`).join('\n');
  return message(text, blocks);
}

export function sourcesMessage(entries: { source: Source; facts: number }[]): SlackMessage {
  const blocks: Block[] = [header('Where my answers come from')];
  for (const { source, facts } of entries) {
    const title = `${source.title}${source.titleKind === 'descriptive' ? ' (descriptive title; the article has no headline)' : ''}`;
    const details = [source.publisher, source.kind, source.excerpt ? 'excerpt' : undefined, formatDate(source.published), `${facts} facts`];
    const heading = source.url ? `<${source.url}|${escapeMrkdwn(title)}>` : escapeMrkdwn(title);
    blocks.push(section(`*${heading}*\n${escapeMrkdwn(details.filter(Boolean).join(' · '))}`));
  }
  const text = entries.map(({ source, facts }) => `${formatSourceLine(source)} (${facts} facts)`).join('\n');
  return message(text, blocks);
}

export function helpMessage(kb: KnowledgeBase): SlackMessage {
  const latest = kb.meetings.at(-1);
  const handles = kb.meetings
    .map((m) => `\`${meetingHandle(m)}\``)
    .reverse()
    .join(', ');
  const lines = commandLines(`ask anything about ${kb.about.subject}`, latest ? ` (${handles}; default: ${latest.name})` : '');
  const intro = `*${escapeMrkdwn(kb.about.name)}* answers questions about ${escapeMrkdwn(scopeLine(kb))}, from ${escapeMrkdwn(describeSources(kb))}, citing them word for word.`;
  return message(`${kb.about.name} answers questions about ${kb.about.subject} from ${describeSources(kb)}.\n${lines.join('\n')}`, [section(intro), section(lines.join('\n'))]);
}

/** `/summit agenda <not a meeting>` ("paris", "help"): the meetings it knows, by the names it takes. */
export function agendaUsageMessage(kb: KnowledgeBase, argument: string): SlackMessage {
  const asked = argument.trim().toLowerCase();
  const latest = kb.meetings.at(-1);
  const handles = [...kb.meetings].reverse().map((m) => `\`/summit agenda ${meetingHandle(m)}\` (${m.name}, ${formatDate(m.date)})`);
  const lead = ['help', '?', 'usage'].includes(asked)
    ? "`/summit agenda [meeting]` shows what was on a meeting's agenda."
    : `I don't know a meeting called “${escapeUserText(clip(argument.trim(), 80))}”.`;
  const text = [lead, `Try: ${handles.join(', ')}${latest ? `, or \`/summit agenda\` for the latest` : ''}.`, 'To ask a question instead, type `/summit <question>`.'].join('\n');
  return message(text, [section(text)]);
}

/** What `/summit` does, for `/summit help` and for "help" typed as a message. */
function commandLines(ask: string, meetings = ''): string[] {
  return [
    `\`/summit <question>\` — ${ask}`,
    `\`/summit agenda [meeting]\` — what was on the agenda${meetings}`,
    '`/summit timeline` — the meetings in order, with dates and places',
    '`/summit sources` — the texts my answers come from',
    '`/summit digest` — a preview of the next daily digest',
    '`/summit gaps` — for curators: the questions I could not answer this week',
    'Or mention me in a channel or thread, or send me a DM.',
  ];
}

/** The daily digest: what is new or changed in the base, else facts not shown before. */
export function digestMessage(digest: Digest, about: About, note?: string): SlackMessage {
  const title = `${about.digestTitle} — ${formatDate(digest.date)}`;
  const blocks: Block[] = [...(note ? [context([note])] : []), header(title)];
  const items = (title: string, list: DigestItem[]) => {
    if (!list.length) return;
    blocks.push(section(`*${title}*`));
    for (const item of list) {
      blocks.push(section(`• ${escapeMrkdwn(item.answer)}`), context([citationLine(item.citation)]));
    }
  };
  items(':sparkles: New in the knowledge base', digest.newFacts);
  if (digest.moreNew > 0) blocks.push(context([`…and ${digest.moreNew} more new or changed fact${digest.moreNew === 1 ? '' : 's'}: ask me about them.`]));
  items(':pencil2: Updated', digest.changedFacts);
  items(':bulb: From the knowledge base', digest.highlights);
  const all = [...digest.newFacts, ...digest.changedFacts, ...digest.highlights];
  const text = [...(note ? [note] : []), title, ...all.map((i) => `• ${i.answer} (${formatSourceLine(i.citation)})`)].join('\n');
  const footer = context([`Ask me anything about ${escapeMrkdwn(about.subject)}: \`/summit <question>\`, \`/summit agenda\`, or mention @${escapeMrkdwn(about.name)} in a thread.`]);
  return message(text, blocks, footer);
}

export function apologyMessage(): SlackMessage {
  const text = 'Sorry, something went wrong on my side while answering that. Please try again in a moment.';
  return message(text, [section(`:warning: ${text}`)]);
}

/** What the Home tab shows a curator: the last 7 days, and the top gaps (from kb:review). */
export interface CuratorSummary {
  totals: { answered: number; declined: number; down: number };
  gaps: string[];
}

/**
 * The App Home tab: what the bot knows (sources, meetings), how to ask, example questions
 * that answer in the DM, and for curators the week's counts and gaps (or, when the state store
 * did not answer, a line saying they are unavailable). At most 100 blocks.
 */
export function homeView(kb: KnowledgeBase, examples: string[], curator?: CuratorSummary | 'unavailable'): { type: 'home'; blocks: Block[] } {
  const blocks: Block[] = [
    header(kb.about.name),
    section(`I answer questions about ${escapeMrkdwn(scopeLine(kb))}, from ${escapeMrkdwn(describeSources(kb))}, citing them word for word. When they don't say, I say so.`),
    header('Sources'),
    ...[...kb.sources.values()].map((source) => {
      const details = [source.publisher, source.kind, source.excerpt ? 'excerpt' : undefined, formatDate(source.published)].filter(Boolean).join(' · ');
      const title = source.url ? `<${source.url}|${escapeMrkdwn(source.title)}>` : escapeMrkdwn(source.title);
      return section(`*${title}*\n${escapeMrkdwn(details)}`);
    }),
    header('Meetings'),
    section(kb.meetings.map((m) => `• ${escapeMrkdwn(formatDate(m.date))}: ${escapeMrkdwn(m.name)}${m.place ? ` — ${escapeMrkdwn(m.place)}` : ''}`).join('\n') || 'None yet.'),
    header('How to ask'),
    section(
      `• \`/summit <question>\` anywhere (only you see the answer; you can share it)\n• Mention @${escapeMrkdwn(kb.about.name)} in a channel or thread\n• Send me a message in the Messages tab\n• On any message: ⋮ → *Ask about this message*`,
    ),
  ];
  if (examples.length) {
    blocks.push(section('*Try one* (I answer in our DM):'), {
      type: 'actions',
      elements: examples.slice(0, 4).map((q, i) => button(q, `${ACTIONS.homeQuestion}_${i}`, q)),
    });
  }
  if (curator === 'unavailable') {
    blocks.push(header('For curators: the last 7 days'), section("The week's figures and gaps come from my state store, which is not answering right now. Open this tab again in a minute."));
  } else if (curator) {
    const { answered, declined, down } = curator.totals;
    blocks.push(header('For curators: the last 7 days'), section(`${answered} answered · ${declined} declined · ${down} :-1:`));
    blocks.push(section(curator.gaps.length ? curator.gaps.map(escapeMrkdwn).join('\n') : 'No gaps recorded.'));
    blocks.push(context(['Run `npm run kb:review` for the YAML changes to paste, or `/summit gaps` here.']));
  }
  return { type: 'home', blocks: blocks.slice(0, 100) };
}

/** The ephemeral thanks for a feedback click; a 👎 also offers what the bot can answer. */
export function feedbackThanks(vote: 'up' | 'down', suggestions: string[], repeat: boolean): SlackMessage {
  const text = repeat
    ? 'You already told me about this answer: thanks, it counts once.'
    : vote === 'up'
      ? 'Thanks, glad it helped.'
      : "Thanks for telling me. I've noted the question for the people who curate my sources.";
  const blocks: Block[] = [section(text)];
  if (vote === 'down' && !repeat && suggestions.length) blocks.push(section('Maybe one of these is closer to what you meant:'), suggestionButtons(suggestions));
  return message(text, blocks);
}

/** `/summit gaps`: the week's most frequent misses, for curators. */
export function gapsMessage(gaps: string[]): SlackMessage {
  const text = gaps.length ? `Questions I could not answer well in the last 7 days, most frequent first:\n${gaps.join('\n')}` : 'No questions recorded in the last 7 days: nothing to curate.';
  return message(text, [section(escapeMrkdwn(text)), context(['`npm run kb:review` prints the YAML change to paste for each.'])]);
}

/** Plain notice: one section. */
export function noticeMessage(text: string): SlackMessage {
  return message(text, [section(escapeMrkdwn(text))]);
}

/**
 * Every message is built here: the fallback `text` is escaped (Slack parses it like mrkdwn,
 * so a stray `<!channel>` would act), and the blocks kept within Slack's limit, `footer` last.
 */
function message(text: string, blocks: Block[], footer?: Block): SlackMessage {
  return { text: clip(escapeMrkdwn(text), LIMITS.sectionText), blocks: capBlocks(blocks, footer) };
}

export function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(text, LIMITS.sectionText) } };
}

export function context(texts: string[]): Block {
  return { type: 'context', elements: texts.slice(0, LIMITS.contextElements).map((text) => ({ type: 'mrkdwn' as const, text: clip(text, LIMITS.sectionText) })) };
}

export function header(text: string): Block {
  return { type: 'header', text: { type: 'plain_text', text: clip(text, 150), emoji: true } };
}

function button(text: string, actionId: string, value: string, style?: 'primary'): types.Button {
  return { type: 'button', text: { type: 'plain_text', text: clip(text, LIMITS.buttonText), emoji: true }, action_id: actionId, value: clip(value, LIMITS.buttonValue), ...(style ? { style } : {}) };
}

function suggestionButtons(suggestions: string[]): Block {
  return { type: 'actions', elements: suggestions.slice(0, 5).map((s, i) => button(s, `${ACTIONS.suggestion}_${i}`, s)) };
}

export function meetingTitle(meeting: Meeting): string {
  return `${meeting.name}, ${formatDate(meeting.date)}`;
}

/** At most 50 blocks, `footer` last: what does not fit is summarised in a context line. */
export function capBlocks(blocks: Block[], footer?: Block): Block[] {
  const end = footer ? [footer] : [];
  const room = LIMITS.blocks - end.length;
  if (blocks.length <= room) return [...blocks, ...end];
  const kept = blocks.slice(0, room - 1);
  return [...kept, context([`…and ${blocks.length - kept.length} more not shown.`]), ...end];
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const unique = (list: string[]) => [...new Set(list)];

/** `text` cut so that its JSON string form fits in `max` characters. */
function clipJson(text: string, max: number): string {
  let cut = text;
  while (JSON.stringify(cut).length - 2 > max && cut.length) cut = cut.slice(0, Math.floor(cut.length * 0.9));
  return cut;
}

export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
