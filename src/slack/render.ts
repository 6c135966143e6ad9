/**
 * Block Kit for every reply. Each function returns `{ text, blocks }`: `text` is the plain
 * fallback Slack shows in notifications and screen readers, so it is always set.
 */
import type { types } from '@slack/bolt';
import {
  formatSourceLine,
  type Agenda,
  type AgendaItem,
  type AnswerResult,
  type Citation,
} from '../answer/index.ts';
import type { Digest, DigestItem } from '../digest/index.ts';
import {
  describeSources,
  formatDate,
  meetingHandle,
  scopeLine,
  type About,
  type Fact,
  type KnowledgeBase,
  type Meeting,
  type Source,
} from '../knowledge/index.ts';

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
} as const;

/**
 * Text from a user, made inert: `&`, `<` and `>` escaped so `<!channel>` or `<@U1>` is shown,
 * not acted on, and a zero-width joiner after `@` so a typed "@channel" pings nobody either.
 */
export function escapeUserText(text: string): string {
  return escapeMrkdwn(text).replace(/@(channel|here|everyone)\b/gi, '@\u200b$1');
}

/** Our own text (answers, titles) escaped for mrkdwn: only `&`, `<`, `>` are special. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function citationLine(c: Citation | Source): string {
  const line = escapeMrkdwn(formatSourceLine(c));
  return `:newspaper: ${c.url ? `<${c.url}|${line}>` : line}`;
}

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
    return message(`${result.answer}\n(Sources: ${unique(result.sources.map(formatSourceLine)).join('; ')})`, blocks);
  }
  if (result.answered && result.fact) {
    blocks.push(section(escapeMrkdwn(result.answer)));
    blocks.push(context(result.sources.map(citationLine)));
    blocks.push({ type: 'actions', elements: [button(':mag: Show the quote', ACTIONS.quote, result.fact.id), ...share] });
    if (result.suggestions.length) {
      blocks.push(context(['See also:']), suggestionButtons(result.suggestions));
    }
    return message(`${result.answer} (Source: ${result.sources.map(formatSourceLine).join('; ')})`, blocks);
  }
  blocks.push(section(escapeMrkdwn(result.answer)));
  if (result.related) {
    blocks.push(section(escapeMrkdwn(result.related.answer)), context(result.related.sources.map(citationLine)));
    blocks.push({ type: 'actions', elements: [button(':mag: Show the quote', ACTIONS.quote, result.related.fact.id)] });
  }
  if (result.kind === 'no-match' && result.question) blocks.push(context([`You asked: “${escapeUserText(clip(result.question, 300))}”`]));
  if (result.suggestions.length) {
    blocks.push(section(result.kind === 'empty' ? 'For example:' : 'I can answer these:'), suggestionButtons(result.suggestions));
  }
  const related = result.related ? ` ${result.related.answer} (Source: ${result.related.sources.map(formatSourceLine).join('; ')})` : '';
  return message(`${result.answer}${related}`, blocks);
}

/** The verbatim passages behind a fact, each its own quote, in the order the source has them. */
export function quoteMessage(citation: Citation): SlackMessage {
  const quotes: Block = {
    type: 'rich_text',
    elements: citation.passages.map((p) => ({ type: 'rich_text_quote' as const, elements: [{ type: 'text' as const, text: clip(p, LIMITS.sectionText) }] })),
  };
  return message(`${citation.passages.map((p) => `“${p}”`).join(' … ')} (${formatSourceLine(citation)})`, [quotes, context([citationLine(citation)])]);
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
  const lines = (heading: string, items: AgendaItem[]) => [
    ...(both && items.length ? [heading] : []),
    ...items.map(({ fact, citation }) => `• ${fact.answer} (${formatSourceLine(citation)})`),
  ];
  const text = [title, ...lines('Discussed:', agenda.discussed), ...lines('Planned:', agenda.planned)].join('\n');
  return message(text, blocks);
}

export function timelineMessage(about: About, entries: { meeting: Meeting; fact: Fact; citation: Citation }[]): SlackMessage {
  const blocks: Block[] = [header(`${capitalize(about.subject)}, oldest first`)];
  for (const { meeting, fact, citation } of entries) {
    blocks.push(section(`*${escapeMrkdwn(formatDate(meeting.date))}: ${escapeMrkdwn(meeting.name)}*${meeting.place ? ` — ${escapeMrkdwn(meeting.place)}` : ' — place not stated in the sources'}\n${escapeMrkdwn(fact.answer)}`));
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
  const handles = kb.meetings.map((m) => `\`${meetingHandle(m)}\``).reverse().join(', ');
  const lines = [
    `\`/summit <question>\` — ask anything about ${kb.about.subject}`,
    `\`/summit agenda [meeting]\` — what was on the agenda${latest ? ` (${handles}; default: ${latest.name})` : ''}`,
    '`/summit timeline` — the meetings in order, with dates and places',
    '`/summit sources` — the texts my answers come from',
    '`/summit digest` — a preview of the next daily digest',
    'Or mention me in a channel or thread, or send me a DM.',
  ];
  const intro = `*${escapeMrkdwn(kb.about.name)}* answers questions about ${escapeMrkdwn(scopeLine(kb))}, from ${escapeMrkdwn(describeSources(kb))}, citing them word for word.`;
  return message(`${kb.about.name} answers questions about ${kb.about.subject} from ${describeSources(kb)}.\n${lines.join('\n')}`, [
    section(intro),
    section(lines.join('\n')),
  ]);
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


export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
