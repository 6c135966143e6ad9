import { describe, expect, it } from 'vitest';
import { KnowledgeBaseError, loadKnowledgeBase, type KnowledgeProblem } from '../../src/knowledge/index.ts';
import { writeKnowledgeBase } from '../helpers/kb-fixture.ts';

const source = `---
title: A test article
title_kind: headline
kind: news article
published: 2024-11
written_before: [apec-lima-2024]
skip:
  - paragraph: reporter@example.com
    reason: the reporter's e-mail address
---
Biden and Xi will meet in Lima on Saturday.
They “hope” to discuss fentanyl and climate.
A paragraph nobody quotes.
reporter@example.com
`;

const meetings = `- id: apec-lima-2024
  name: APEC summit meeting in Lima
  date: 2024-11-16
  place: Lima, Peru
  aliases: [lima]
`;

const people = `- id: joe-biden
  name: Biden
  names: [Biden, Joe Biden]
  role: President
`;

const good = `- id: good-fact
  source: test-article
  meeting: apec-lima-2024
  answer: Biden and Xi were due to meet in Lima.
  quote: Biden and Xi will meet in Lima on Saturday.
  questions: [when did they meet]
  topics: [dates]
  people: [joe-biden]
`;

function problemsOf(files: Record<string, string>): KnowledgeProblem[] {
  const dir = writeKnowledgeBase(files);
  try {
    loadKnowledgeBase(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(KnowledgeBaseError);
    return (error as KnowledgeBaseError).problems;
  }
  throw new Error('expected the base to be refused');
}

const about = `name: test-bot
subject: the test meetings
digest_title: Test digest
`;

const base = { 'about.yml': about, 'sources/test-article.md': source, 'meetings.yml': meetings, 'people.yml': people };
const covering = `- id: cover-rest
  source: test-article
  meeting: general
  answer: The article mentions fentanyl and climate, and one more paragraph.
  quote: ['They "hope" to discuss fentanyl and climate.', A paragraph nobody quotes.]
  questions: [what else]
`;

describe('knowledge base validation', () => {
  it('loads a valid base, folding typographic quotes and white space in quotes only', () => {
    const kb = loadKnowledgeBase(writeKnowledgeBase({ ...base, 'facts/a.yml': good + covering }));
    expect(kb.facts.map((f) => f.id)).toEqual(['good-fact', 'cover-rest']);
    expect(kb.sources.get('test-article')?.precision).toBe('month');
  });

  it('reports every problem at once, each with file, line, fact and field', () => {
    const broken = `${good}${covering}
- id: good-fact
  source: test-article
  meeting: apec-lima-2024
  answer: A duplicate.
  quote: Biden and Xi will meet in Lima on Saturday.
  questions: [dup]
- id: not-verbatim
  source: test-article
  meeting: apec-lima-2024
  answer: Changed words.
  quote: Biden and Xi will talk in Lima on Saturday.
  questions: [q]
- id: unknown-source
  source: no-such-article
  meeting: apec-lima-2024
  answer: Nowhere.
  quote: anything
  questions: [q]
- id: empty-answer
  source: test-article
  meeting: apec-lima-2024
  answer: ""
  quote: Biden and Xi will meet in Lima on Saturday.
  questions: [q]
- id: long-answer
  source: test-article
  meeting: apec-lima-2024
  answer: ${'x'.repeat(301)}
  quote: Biden and Xi will meet in Lima on Saturday.
  questions: [q]
- id: no-questions
  source: test-article
  meeting: apec-lima-2024
  answer: Fine.
  quote: Biden and Xi will meet in Lima on Saturday.
  questions: []
- id: bad-refs
  source: test-article
  meeting: apec-rome-2030
  answer: Fine.
  quote: Biden and Xi will meet in Lima on Saturday.
  questions: [q]
  people: [nobody]
`;
    const problems = problemsOf({ ...base, 'facts/a.yml': broken });
    const find = (factId: string, field: string) => problems.find((p) => p.factId === factId && p.field === field);
    const lineOf = (needle: string, after = 0) => broken.split('\n').findIndex((l, i) => i >= after && l.includes(needle)) + 1;

    expect(find('good-fact', 'id')).toMatchObject({ file: 'facts/a.yml', line: lineOf('- id: good-fact', 2) });
    expect(find('good-fact', 'id')?.message).toMatch(/duplicate id: already used at facts\/a\.yml:1/);
    const quote = find('not-verbatim', 'quote');
    expect(quote).toMatchObject({ file: 'facts/a.yml', line: lineOf('will talk in Lima') });
    expect(quote?.message).toContain('Closest passage: "Biden and Xi will meet in Lima on Saturday.');
    expect(find('unknown-source', 'source')).toMatchObject({ line: lineOf('no-such-article') });
    expect(find('empty-answer', 'answer')?.message).toBe('is empty');
    expect(find('long-answer', 'answer')?.message).toMatch(/301 characters/);
    expect(find('no-questions', 'questions')?.message).toMatch(/at least one question/);
    expect(find('bad-refs', 'meeting')?.message).toMatch(/unknown meeting "apec-rome-2030"/);
    expect(find('bad-refs', 'people')?.message).toMatch(/unknown person "nobody"/);
    expect(problems.length).toBe(8);
  });

  it('reports a paragraph that no fact quotes, with its line in the source', () => {
    const problems = problemsOf({ ...base, 'facts/a.yml': good });
    expect(problems).toHaveLength(2);
    const lineOf = (start: string) => source.split('\n').findIndex((l) => l.startsWith(start)) + 1;
    expect(problems[0]).toMatchObject({ file: 'sources/test-article.md', line: lineOf('They “hope”') });
    expect(problems[1]).toMatchObject({ file: 'sources/test-article.md', line: lineOf('A paragraph nobody') });
    expect(problems[1]?.message).toMatch(/not covered by any fact: "A paragraph nobody quotes\."/);
  });

  it('treats case and punctuation as part of "verbatim"', () => {
    const lower = good.replace('quote: Biden and Xi will', 'quote: biden and xi will');
    const problems = problemsOf({ ...base, 'facts/a.yml': lower + covering });
    expect(problems[0]).toMatchObject({ factId: 'good-fact', field: 'quote' });
    // …and the paragraph it meant to quote is now uncovered.
    expect(problems[1]?.message).toMatch(/not covered/);
    expect(problems).toHaveLength(2);
  });

  it('requires every meeting to have an alias (a meeting with none would claim every question)', () => {
    const problems = problemsOf({ ...base, 'meetings.yml': meetings.replace('aliases: [lima]', 'aliases: []'), 'facts/a.yml': good + covering });
    expect(problems).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'meetings.yml', line: 5, field: 'aliases', message: expect.stringMatching(/at least one alias/) })]));
  });

  it('rejects an alias that names two meetings, a year as an alias, and a name shared by two people', () => {
    const second = `- id: apec-lima-2025
  name: Another meeting in Lima
  date: 2025-11
  place: null
  aliases: [lima, "2025"]
`;
    const twoPeople = `${people}- id: jill-biden
  name: Biden
  names: [Biden]
  role: Someone else
`;
    const problems = problemsOf({ ...base, 'meetings.yml': meetings + second, 'people.yml': twoPeople, 'facts/a.yml': good + covering });
    const messages = problems.map((p) => `${p.file}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^meetings\.yml: "lima" already names meeting apec-lima-2024/),
        expect.stringMatching(/^meetings\.yml: "2025" is a year/),
        expect.stringMatching(/^people\.yml: "Biden" already names person joe-biden/),
      ]),
    );
  });

  it('catches what curators trip on: a name split by a YAML comma, the name missing from names, an alias with a year, two sources with one title', () => {
    const split = `- id: joe-biden
  name: Joseph R. Biden Jr.
  names: [Joseph R. Biden, Jr., Biden]
  role: President
`;
    const yearAlias = meetings.replace('aliases: [lima]', 'aliases: [lima, lima 2024]');
    const twin = source.replace('A paragraph nobody quotes.\n', '');
    const problems = problemsOf({ ...base, 'people.yml': split, 'meetings.yml': yearAlias, 'sources/twin-article.md': twin, 'facts/a.yml': good + covering });
    const messages = problems.map((p) => `${p.file}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^people\.yml: "Jr\." is not a name on its own: a comma/),
        expect.stringMatching(/^people\.yml: does not list "Joseph R\. Biden Jr\.", the person's name/),
        expect.stringMatching(/^meetings\.yml: "lima 2024" has a year in it: .* by "lima" and its year apart/),
        expect.stringMatching(/^sources\/twin-article\.md: is the same as test-article's title/),
      ]),
    );
    // The same base with each fixed loads: the checks do not fire on good input.
    const fixed = { ...base, 'facts/a.yml': good + covering };
    expect(() => loadKnowledgeBase(writeKnowledgeBase(fixed))).not.toThrow();
  });

  it('reports YAML syntax errors with their line, and refuses the whole base', () => {
    const problems = problemsOf({ ...base, 'facts/a.yml': covering, 'facts/b.yml': `${good}  questions: [unclosed\n` });
    expect(problems.some((p) => p.file === 'facts/b.yml' && p.line !== undefined && /YAML syntax/.test(p.message))).toBe(true);
  });

  it('reports an unknown field, a skip that matches nothing and a bad date in front matter', () => {
    const badSource = source.replace('published: 2024-11', 'published: November 2024').replace('paragraph: reporter@', 'paragraph: nobody@');
    const problems = problemsOf({ ...base, 'sources/test-article.md': badSource, 'facts/a.yml': good.replace('people:', 'peeple:') + covering });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'sources/test-article.md', line: source.split('\n').indexOf('published: 2024-11') + 1, field: 'published' }),
        expect.objectContaining({ factId: 'good-fact', message: expect.stringMatching(/unknown field peeple/) }),
      ]),
    );
  });

  it('accepts a byline, outlets cited and people quoted as the text has them, and names each that it does not', () => {
    const withFields = (fields: string) => source.replace('published: 2024-11\n', `published: 2024-11\n${fields}\n`);
    const fine = withFields('byline: reporter@example.com\ncites: [They]\nquoted: [joe-biden, A paragraph]');
    expect(loadKnowledgeBase(writeKnowledgeBase({ ...base, 'sources/test-article.md': fine, 'facts/a.yml': good + covering })).sources.get('test-article')).toMatchObject({
      byline: 'reporter@example.com',
      cites: ['They'],
      quoted: ['joe-biden', 'A paragraph'],
    });
    const broken = withFields('byline: editor@example.com\ncites: [Reuters]\nquoted: [xi-jinping, Joe Biden]');
    const lineOf = (field: string) => broken.split('\n').findIndex((l) => l.startsWith(`${field}:`)) + 1;
    const problems = problemsOf({ ...base, 'sources/test-article.md': broken, 'facts/a.yml': good + covering });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'sources/test-article.md', line: lineOf('byline'), field: 'byline', message: expect.stringMatching(/editor@example.com.*not in the text/) }),
        expect.objectContaining({ file: 'sources/test-article.md', line: lineOf('cites'), field: 'cites', message: expect.stringMatching(/Reuters/) }),
        expect.objectContaining({ file: 'sources/test-article.md', line: lineOf('quoted'), field: 'quoted', message: expect.stringMatching(/xi-jinping.*neither/) }),
        // "Joe Biden" is a name, not an id: the text has only "Biden".
        expect.objectContaining({ field: 'quoted', message: expect.stringMatching(/Joe Biden/) }),
      ]),
    );
  });
});
