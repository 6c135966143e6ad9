export { answerQuestion, DEFAULT_ANSWER_OPTIONS, emptyQuestionReply, exampleQuestions, noAnswerReply } from './answer.ts';
export type { AnswerInput, AnswerOptions, AnswerResult, Candidate, ConversationContext, Frame } from './answer.ts';
export { CONSTRAINTS } from './constraints.ts';
export { buildSearchIndex, type SearchIndex } from './search-index.ts';
export { citationFor, citationsFor, formatSourceLine, type Citation } from './citation.ts';
export { stripSlackMarkup, normalizeText, MAX_QUESTION_CHARS } from './text.ts';
export { createAnalyzer, type Analyzer } from './analyzer.ts';
export { agendaFor, timeline, sourceSummaries, type Agenda, type AgendaItem } from './browse.ts';
export { advice, crossValidate, strength, type CrossValidation, type FactReport } from './cross-validate.ts';
