import { GENERAL_MEETING, type Fact } from '../knowledge/index.ts';
import { FEATURE } from './features.ts';
import type { Frame } from './frame.ts';
import type { Candidate, QueryTerm } from './retrieve.ts';
import { factHasTerm, type SearchIndex } from './search-index.ts';

/** What a constraint sees of a candidate: the fact, its precomputed features, and the question's terms. */
export interface FactView {
  fact: Fact;
  factIndex: number;
  index: SearchIndex;
  query: QueryTerm[];
  candidate: Candidate;
}

/**
 * A named rule about what kind of fact can answer a kind of question. When it applies to the
 * question and the fact lacks what it needs, the fact's score is multiplied by `factor`.
 * `detail` constraints are about a detail asked for (a name, a number, a place): a fact on
 * the topic that lacks it makes a "my sources don't say …" reply rather than silence.
 */
export interface Constraint {
  id: string;
  /** What the fact must have, in words (for `--explain`). */
  needs: string;
  /** What the sources then do not say: "My sources don't say <missing>." */
  missing: string;
  kind: 'scope' | 'detail';
  applies(frame: Frame): boolean;
  holds(view: FactView, frame: Frame): boolean;
  factor: 'otherMeeting' | 'wrongKind' | 'nearMiss';
}

/** "When" asks for a date: its term says what kind of answer, not what about (once per index). */
const whenTerms = new WeakMap<SearchIndex, string | undefined>();
const whenTerm = (index: SearchIndex) => {
  if (!whenTerms.has(index)) whenTerms.set(index, index.analyzer.terms('when')[0]);
  return whenTerms.get(index);
};

const has = (view: FactView, bit: number) => (view.index.features[view.factIndex]! & bit) !== 0;
const mentions = (view: FactView, t: QueryTerm) => t.id !== undefined && factHasTerm(view.index, t.id, view.factIndex);

/** The table: every rule the engine applies after retrieval, in one place. */
export const CONSTRAINTS: readonly Constraint[] = [
  {
    id: 'other-meeting',
    missing: 'anything on that about this meeting',
    needs: 'to be about the meeting asked about',
    kind: 'scope',
    factor: 'otherMeeting',
    applies: (f) => f.meeting !== undefined,
    holds: (v, f) => v.fact.meeting === f.meeting!.meeting.id || v.fact.meeting === GENERAL_MEETING || (f.compared === 'meetings' && f.meetings.some((m) => m.id === v.fact.meeting)),
  },
  {
    id: 'other-source',
    missing: 'anything on that in that source',
    needs: 'to come from the source the question names',
    kind: 'scope',
    factor: 'wrongKind',
    applies: (f) => f.sources.length > 0,
    holds: (v, f) => f.sources.includes(v.fact.source),
  },
  {
    // "Who is quoted in both articles?", "how do the two statements differ?": a fact from one
    // of them answers half of it.
    id: 'several-sources',
    missing: 'that about those sources together',
    needs: 'to be about every source the question names together',
    kind: 'scope',
    factor: 'otherMeeting',
    applies: (f) => f.sourcesTogether && f.compared !== 'sources',
    holds: (v) => (v.fact.covers?.length ?? 1) > 1,
  },
  {
    id: 'context-source',
    missing: 'that about that source',
    needs: 'to be about the source of the last answer, for a fact about a source',
    kind: 'scope',
    factor: 'wrongKind',
    applies: (f) => f.contextSource !== undefined,
    holds: (v, f) => !v.fact.derived || v.fact.source === f.contextSource,
  },
  {
    id: 'after-the-sources',
    missing: 'anything about that time',
    needs: 'nothing: the question is about a time after every source',
    kind: 'scope',
    factor: 'wrongKind',
    applies: (f) => f.future,
    holds: () => false,
  },
  {
    id: 'person',
    missing: 'anything on that about that person',
    needs: 'to be about a person the question names',
    kind: 'scope',
    factor: 'wrongKind',
    applies: (f) => f.people.length > 0,
    holds: (v, f) => f.people.every((p) => v.index.principals.has(p.id) || v.index.about[v.factIndex]!.includes(p.id)),
  },
  {
    // "When was it written?" after an answer: the earlier question says what "it" is, the
    // words typed now what is asked of it; a fact with none of them answers the earlier one.
    id: 'own-words',
    missing: 'that about it',
    needs: "to mention a word the follow-up itself asks with, not only the earlier question's",
    kind: 'scope',
    factor: 'wrongKind',
    applies: (f) => f.inherited !== undefined,
    holds: (v) => {
      const own = v.query.filter((t) => !t.inherited && t.id !== undefined && t.word !== whenTerm(v.index));
      return !own.length || own.some((t) => mentions(v, t));
    },
  },
  {
    id: 'subject',
    missing: 'anything about that',
    needs: 'to mention what the question is about',
    kind: 'scope',
    factor: 'wrongKind',
    applies: (f) => f.subjects.length > 0,
    holds: (v) => {
      const subjects = v.query.filter((t) => t.subject);
      return !subjects.length || subjects.some((t) => mentions(v, t));
    },
  },
  {
    id: 'outcome',
    missing: 'what was agreed',
    needs: 'to report an outcome (something agreed or decided)',
    kind: 'scope',
    factor: 'wrongKind',
    applies: (f) => f.outcome,
    holds: (v) => has(v, FEATURE.outcome),
  },
  {
    id: 'name',
    missing: 'who it was',
    needs: 'to name the person',
    kind: 'detail',
    factor: 'wrongKind',
    applies: (f) => f.name,
    // A fact tagged with someone other than the principals names them, even beside "a senior official".
    holds: (v) => v.fact.people.some((p) => !v.index.principals.has(p)) || (v.fact.people.length > 0 && !has(v, FEATURE.unnamed)),
  },
  {
    id: 'someone-else',
    missing: 'who it was',
    needs: 'to name someone besides the people the question names',
    kind: 'detail',
    factor: 'wrongKind',
    applies: (f) => f.someoneElse,
    holds: (v, f) => v.fact.people.some((p) => !v.index.principals.has(p) && !f.people.some((q) => q.id === p)),
  },
  {
    id: 'place',
    missing: 'where',
    needs: 'to name the place',
    kind: 'detail',
    factor: 'wrongKind',
    applies: (f) => f.place,
    holds: (v, f) => {
      const asked = f.meeting?.meeting.id ?? v.fact.meeting;
      if (v.index.placesNamed[v.factIndex]!.includes(asked)) return true;
      // "Where did they meet before San Francisco?" is answered by naming that meeting, even
      // where no source gives its city; naming it only repeats a question that names it.
      return Boolean(f.meeting?.implied && f.meeting.nameAliases.length && v.index.meetingsNamed[v.factIndex]!.includes(asked));
    },
  },
  {
    id: 'number',
    missing: 'that figure',
    needs: 'to give the figure (or, asked how long, the time until when)',
    kind: 'detail',
    factor: 'wrongKind',
    applies: (f) => f.number,
    holds: (v, f) => has(v, FEATURE.number) || (f.duration && has(v, FEATURE.time)),
  },
  {
    id: 'exact-date',
    missing: 'the exact date',
    needs: 'to give the exact date',
    kind: 'detail',
    factor: 'wrongKind',
    applies: (f) => f.exactDate,
    holds: (v) => has(v, FEATURE.dayDate),
  },
  {
    id: 'time-of-day',
    missing: 'the time of day',
    needs: 'to give the time of day',
    kind: 'detail',
    factor: 'wrongKind',
    applies: (f) => f.timeOfDay,
    holds: (v) => has(v, FEATURE.timeOfDay),
  },
  {
    id: 'speaker',
    missing: 'what they said in their own words',
    needs: "to quote that person's own words",
    kind: 'detail',
    factor: 'wrongKind',
    applies: (f) => f.speakers.length > 0,
    holds: (v, f) => f.speakers.some((s) => v.index.speakers[v.factIndex]!.includes(s)),
  },
  {
    id: 'which',
    missing: 'which one',
    needs: 'to mention the thing asked for ("which venue…")',
    kind: 'detail',
    factor: 'wrongKind',
    applies: (f) => f.heads.size > 0,
    holds: (v) => v.query.every((t) => !t.head || mentions(v, t)),
  },
  {
    id: 'near-miss',
    missing: 'that',
    needs: 'not to be one of the near misses its curator listed (`not:`)',
    kind: 'detail',
    factor: 'nearMiss',
    applies: () => true,
    holds: (v) => !v.candidate.nearMissCloser,
  },
];

/** The factor each kind of constraint applies (part of AnswerOptions). */
export interface ConstraintFactors {
  /** A fact about another meeting than the one the question names. */
  otherMeeting: number;
  /** A fact that cannot give the kind of answer asked for (a number, someone's words). */
  wrongKind: number;
  /** A question closer to one of the fact's near misses than to its own questions. */
  nearMiss: number;
}

/** Applies every constraint to every candidate, recording which changed its score. */
export function applyConstraints(index: SearchIndex, frame: Frame, query: QueryTerm[], candidates: Candidate[], factors: ConstraintFactors): Candidate[] {
  const active = CONSTRAINTS.filter((c) => c.applies(frame));
  for (const candidate of candidates) {
    const view: FactView = { fact: candidate.fact, factIndex: candidate.factIndex, index, query, candidate };
    for (const c of active) {
      if (c.holds(view, frame)) continue;
      const factor = factors[c.factor];
      candidate.score *= factor;
      candidate.applied.push({ id: c.id, factor });
    }
  }
  return candidates;
}

export const constraintById = (id: string) => CONSTRAINTS.find((c) => c.id === id);
