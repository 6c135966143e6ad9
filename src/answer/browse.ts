import { datingFact, resolveMeeting, type Fact, type KnowledgeBase, type Meeting, type Source } from '../knowledge/index.ts';
import { citationFor, type Citation } from './citation.ts';

export interface AgendaItem {
  fact: Fact;
  citation: Citation;
}

/**
 * A meeting's agenda: the facts tagged `agenda` (overviews excluded: they summarise the
 * items), split into what was `discussed` (reported after the meeting) and what was
 * `planned` (previews written before it).
 */
export interface Agenda {
  meeting: Meeting;
  discussed: AgendaItem[];
  planned: AgendaItem[];
  /** Other meetings that have an agenda, for a "see also". */
  others: Meeting[];
}

/**
 * The agenda of the meeting `which` names ("lima", "2023"…), or of the most recent meeting
 * with one. Undefined when `which` names no known meeting. Both lists are empty for a
 * meeting whose agenda the sources do not give.
 */
export function agendaFor(kb: KnowledgeBase, which = ''): Agenda | undefined {
  const withAgenda = kb.meetings.filter((m) => agendaFacts(kb, m).length > 0);
  const wanted = which.trim() ? resolveMeeting(kb, which)?.meeting : withAgenda.at(-1);
  if (!wanted) return undefined;
  const items = agendaFacts(kb, wanted).map((fact) => ({ fact, citation: citationFor(kb, fact) }));
  return {
    meeting: wanted,
    discussed: items.filter(({ fact }) => fact.reports === 'happened'),
    planned: items.filter(({ fact }) => fact.reports !== 'happened'),
    others: withAgenda.filter((m) => m.id !== wanted.id),
  };
}

function agendaFacts(kb: KnowledgeBase, meeting: Meeting): Fact[] {
  return kb.facts.filter((f) => f.meeting === meeting.id && f.topics.includes('agenda') && !f.topics.includes('overview'));
}

/** The meetings in order, each with the fact that dates and places it as the latest report has it. */
export function timeline(kb: KnowledgeBase): { meeting: Meeting; fact: Fact; citation: Citation }[] {
  return kb.meetings.flatMap((meeting) => {
    const fact = datingFact(kb, meeting);
    return fact ? [{ meeting, fact, citation: citationFor(kb, fact) }] : [];
  });
}

/** The sources with how many facts each backs. */
export function sourceSummaries(kb: KnowledgeBase): { source: Source; facts: number }[] {
  return [...kb.sources.values()].map((source) => ({ source, facts: kb.facts.filter((f) => f.source === source.id).length }));
}
