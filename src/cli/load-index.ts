import { knowledgeDir } from '../config.ts';
import { KnowledgeBaseError, loadKnowledgeBase } from '../knowledge/index.ts';
import { buildSearchIndex, type SearchIndex } from '../answer/index.ts';

/** The base of KNOWLEDGE_DIR, indexed; undefined (the problems printed) when it does not load. */
export function loadIndexForCli(): SearchIndex | undefined {
  try {
    return buildSearchIndex(loadKnowledgeBase(knowledgeDir()));
  } catch (error) {
    if (!(error instanceof KnowledgeBaseError)) throw error;
    console.error(error.message);
    return undefined;
  }
}
