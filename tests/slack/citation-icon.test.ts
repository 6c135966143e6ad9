/** A citation's icon follows its source's kind (front matter), on a base with both kinds. */
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/knowledge/index.ts';
import { citationLine, SOURCE_ICONS } from '../../src/slack/render.ts';
import { fixtureBase } from '../helpers/bases.ts';

describe('citationLine', () => {
  const kb = loadKnowledgeBase(fixtureBase('harbor-kb'));
  it('shows a newspaper only for news, and each kind its own icon', () => {
    const sources = [...kb.sources.values()];
    expect(new Set(sources.map((s) => s.kind)).size).toBeGreaterThan(1);
    for (const s of sources) {
      expect(citationLine(s).startsWith(SOURCE_ICONS[s.kind])).toBe(true);
      if (s.kind !== 'news article') expect(citationLine(s)).not.toContain(':newspaper:');
    }
    expect(new Set(Object.values(SOURCE_ICONS)).has(':newspaper:')).toBe(true);
  });
});
