export { answerQuestion, DEFAULT_ANSWER_OPTIONS, emptyQuestionReply, noAnswerReply } from './answer.ts';
export type { AnswerOptions, AnswerResult, Candidate } from './answer.ts';
export { buildSearchIndex, type SearchIndex } from './search-index.ts';
export { citationFor, formatSourceLine, type Citation } from './citation.ts';
export { stripSlackMarkup, normalizeText, MAX_QUESTION_CHARS } from './text.ts';
export { createAnalyzer, type Analyzer } from './analyzer.ts';
export { agendaFor, timeline, sourceSummaries, type Agenda, type AgendaItem } from './browse.ts';
