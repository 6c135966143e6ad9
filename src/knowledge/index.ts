export { loadKnowledgeBase, MAX_ANSWER_LENGTH } from './load.ts';
export { KnowledgeBaseError, formatProblem, type KnowledgeProblem } from './errors.ts';
export { formatDate, foldQuotes, normalizeForQuote, isVerbatim } from './text.ts';
export * from './types.ts';
