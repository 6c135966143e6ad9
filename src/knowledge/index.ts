export { loadKnowledgeBase, MAX_ANSWER_LENGTH } from './load.ts';
export { KnowledgeBaseError, formatProblem, type KnowledgeProblem } from './errors.ts';
export { MONTHS, formatDate, foldQuotes, normalizeForQuote, normalizeText, normalizedWords, escapeRegExp, isVerbatim } from './text.ts';
export { datingFact, meetingHandle, meetingsNamedIn, relativeMeeting, resolveMeeting, type MeetingReference } from './meetings.ts';
export { dateSpan, reportsOn } from './dates.ts';
export { describeMeetings, describeSources, listPhrase, scopeLine } from './describe.ts';
export * from './types.ts';
export { resolveSourceReference, whichSourceSays, type SourceReference } from './source-references.ts';
export { sourceFacts } from './source-facts.ts';
