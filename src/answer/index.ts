export { answerQuestion, DEFAULT_ANSWER_OPTIONS, EMPTY_QUESTION_REPLY, NO_ANSWER_REPLY } from './answer.ts';
export type { AnswerOptions, AnswerResult, Candidate } from './answer.ts';
export { buildSearchIndex, type SearchIndex } from './search-index.ts';
export { citationFor, formatSourceLine, type Citation } from './citation.ts';
export { stripSlackMarkup, normalizeText, terms, MAX_QUESTION_CHARS } from './text.ts';
export { agendaFor, findMeeting, timeline, sourceSummaries, type Agenda } from './browse.ts';
