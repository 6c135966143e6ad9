import type { Fact, KnowledgeBase, Meeting, Source } from '../knowledge/index.ts';
import { citationFor, type Citation } from './citation.ts';
import { normalizeText } from './text.ts';

/** The facts a meeting's agenda lists: those tagged `agenda` (overviews excluded: they summarise the items). */
export interface Agenda {
  meeting: Meeting;
  items: { fact: Fact; citation: Citation }[];
  /** Other meetings that have an agenda, for a "see also". */
  others: Meeting[];
}

/**
 * The agenda of the meeting `which` names ("2023", "sf", "lima"…), or of the most recent
 * meeting with one. Undefined when `which` names no known meeting. `items` is empty for a
 * meeting whose agenda the sources do not give.
 */
export function agendaFor(kb: KnowledgeBase, which = ''): Agenda | undefined {
  const withAgenda = kb.meetings.filter((m) => agendaFacts(kb, m).length > 0);
  const wanted = which.trim() ? findMeeting(kb, which) : withAgenda.at(-1);
  if (!wanted) return undefined;
  return {
    meeting: wanted,
    items: agendaFacts(kb, wanted).map((fact) => ({ fact, citation: citationFor(kb, fact) })),
    others: withAgenda.filter((m) => m.id !== wanted.id),
  };
}

function agendaFacts(kb: KnowledgeBase, meeting: Meeting): Fact[] {
  return kb.facts.filter((f) => f.meeting === meeting.id && f.topics.includes('agenda') && !f.topics.includes('overview'));
}

/** The meeting a short reference names, by id or alias ("2024", "peru", "g20"). */
export function findMeeting(kb: KnowledgeBase, reference: string): Meeting | undefined {
  const ref = normalizeText(reference);
  return kb.meetings.find((m) => m.id === reference.trim() || m.aliases.some((a) => normalizeText(a) === ref));
}

/** The meetings in order, each with the fact that dates and places it. */
export function timeline(kb: KnowledgeBase): { meeting: Meeting; fact: Fact; citation: Citation }[] {
  return kb.meetings.map((meeting) => {
    const fact = kb.facts.find((f) => f.id === meeting.fact)!;
    return { meeting, fact, citation: citationFor(kb, fact) };
  });
}

/** The sources with how many facts each backs. */
export function sourceSummaries(kb: KnowledgeBase): { source: Source; facts: number }[] {
  return [...kb.sources.values()].map((source) => ({ source, facts: kb.facts.filter((f) => f.source === source.id).length }));
}
