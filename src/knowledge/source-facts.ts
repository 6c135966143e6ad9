import { formatDate, isVerbatim, normalizeForQuote } from './text.ts';
import { GENERAL_MEETING, type Fact, type KnowledgeBase, type Person, type Source } from './types.ts';

/**
 * Facts about the sources themselves, made from each one's front matter, so that "who
 * published the SF article?" and "when was the Lima preview written?" are answered like any
 * other question, in any base. Their sample questions are general English ("the article"
 * stands for whatever the source's kind is); which source a question means is read from its
 * own words (source-references.ts). Those from the front matter's own data (date, title,
 * publisher, link) carry no quote; those it reads off the text (byline, outlets cited, people
 * quoted) quote the sentence of the text that names each.
 */
export function sourceFacts(kb: Pick<KnowledgeBase, 'sources' | 'people'>): Fact[] {
  const people = new Map(kb.people.map((p) => [p.id, p]));
  const perSource = [...kb.sources.values()].flatMap((source) => {
    const noun = nounOf(source);
    const fill = (questions: string[]) => questions.map((q) => q.replaceAll('{text}', noun));
    const fact = (aspect: string, answer: string, questions: string[], derived: Fact['derived'] = 'front-matter', quotes: string[] = [], named: string[] = []): Fact => ({
      id: `source-${source.id}-${aspect}`,
      source: source.id,
      meeting: GENERAL_MEETING,
      answer,
      quotes,
      questions: fill(questions),
      topics: ['source'],
      people: named,
      not: [],
      file: source.file,
      line: 1,
      derived,
    });
    const named = `“${source.title}” (${withArticle(source.kind)})`;
    const facts = [
      fact('published', `${named} is from ${formatDate(source.published)}.${source.publishedNote ? ` ${source.publishedNote}` : ''}`, PUBLISHED),
      fact('title', titleAnswer(source, named), TITLE),
    ];
    facts.push(source.publisher ? fact('publisher', `${named} was published by ${source.publisher}.`, PUBLISHER) : fact('publisher', `${named} does not say who published it.`, PUBLISHER, 'unstated'));
    if (source.url) facts.push(fact('url', `${named} is at ${source.url}`, URL));
    if (source.byline) facts.push(fact('byline', `${named} is signed ${source.byline}.`, BYLINE, 'front-matter', sentencesNaming(source, [[source.byline]], true)));
    if (source.cites.length)
      facts.push(
        fact(
          'cites',
          `${named} cites ${listOf(source.cites.map(inSentence))}.`,
          CITES,
          'front-matter',
          sentencesNaming(
            source,
            source.cites.map((c) => [c]),
          ),
        ),
      );
    if (source.quoted.length) {
      const quoted = source.quoted.map((q) => people.get(q));
      facts.push(
        fact(
          'quoted',
          `${named} quotes ${listOf(source.quoted.map((q, i) => quoted[i]?.name ?? inSentence(q)))}.`,
          QUOTED,
          'front-matter',
          sentencesNaming(
            source,
            source.quoted.map((q, i) => quoted[i]?.names ?? [q]),
          ),
          quoted.flatMap((p) => (p ? [p.id] : [])),
        ),
      );
    }
    return facts;
  });
  return [...perSource, ...acrossSources(kb, people)];
}

/**
 * Facts about the sources together: each person two or more of them quote ("who is quoted in
 * both articles?"), and the outlets they cite between them. Each quotes every source it
 * covers (`covers`: one citation each) and is kept with the newest.
 */
function acrossSources(kb: Pick<KnowledgeBase, 'sources'>, people: Map<string, Person>): Fact[] {
  const sources = [...kb.sources.values()].sort((a, b) => a.published.localeCompare(b.published));
  const nouns = new Set(sources.map(nounOf));
  const plural = nouns.size === 1 ? `${[...nouns][0]}s` : 'sources';
  const titled = (s: Source) => `“${s.title}” (${formatDate(s.published)})`;
  const fact = (id: string, covering: Source[], answer: string, questions: string[], quotes: string[], named: string[] = []): Fact => ({
    id,
    source: covering.at(-1)!.id,
    meeting: GENERAL_MEETING,
    answer,
    quotes,
    questions: questions.map((q) => q.replaceAll('{texts}', plural)),
    topics: ['source'],
    people: named,
    not: [],
    file: covering.at(-1)!.file,
    line: 1,
    derived: 'front-matter',
    covers: covering.map((s) => s.id),
  });
  const facts = [...people.values()].flatMap((person) => {
    const quoting = sources.filter((s) => s.quoted.includes(person.id));
    if (quoting.length < 2) return [];
    const how = quoting.length === sources.length ? `${quoting.length === 2 ? 'both' : 'all the'} ${plural}` : `${quoting.length} of the ${plural}`;
    return [
      fact(
        `sources-quote-${person.id}`,
        quoting,
        `${person.name} is quoted in ${how}: ${listOf(quoting.map(titled))}.`,
        QUOTED_IN_SEVERAL,
        quoting.flatMap((s) => sentencesNaming(s, [person.names])),
        [person.id],
      ),
    ];
  });
  const citing = sources.filter((s) => s.cites.length);
  if (citing.length >= 2) {
    const answer = `Between them, the ${plural} cite ${listOf(citing.map((s) => `${listOf(s.cites.map(inSentence))} in “${s.title}” (${formatDate(s.published)})`))}.`;
    facts.push(
      fact(
        'sources-cites',
        citing,
        answer,
        CITED_BY_SEVERAL,
        citing.flatMap((s) =>
          sentencesNaming(
            s,
            s.cites.map((c) => [c]),
          ),
        ),
      ),
    );
  }
  return facts;
}

/**
 * For each entry (a list of ways the text may name it), the first sentence of the text that
 * does, in the text's order. Skipped paragraphs (a headline naming a person, say) only for the
 * byline, which is one.
 */
function sentencesNaming(source: Source, entries: string[][], withSkipped = false): string[] {
  const sentences = source.paragraphs
    .filter((p) => withSkipped || !source.skipped.some((s) => normalizeForQuote(p.text).startsWith(normalizeForQuote(s.paragraph))))
    .flatMap((p) => [...SENTENCES.segment(p.text)].map((s) => s.segment.trim()));
  const found = new Set<number>();
  for (const names of entries) {
    const at = sentences.findIndex((s) => names.some((n) => isVerbatim(n, s)));
    if (at >= 0) found.add(at);
  }
  return [...found].sort((a, b) => a - b).map((i) => sentences[i]!);
}

/** What people call a source: the last word of its kind ("article" of "news article"). */
const nounOf = (source: Source) => source.kind.split(' ').at(-1)!;

const SENTENCES = new Intl.Segmenter('en', { granularity: 'sentence' });

/** "A senior official" as the text begins a sentence with it, within one: "a senior official". */
const inSentence = (words: string) => words.replace(/^(A|An|The) /, (article) => article.toLowerCase());

const listOf = (items: string[]) => new Intl.ListFormat('en', { style: 'long', type: 'conjunction' }).format(items);

function titleAnswer(source: Source, named: string): string {
  return source.titleKind === 'headline' ? `Its headline is “${source.title}”.` : `${named}: the text has no headline, so that title describes it.`;
}

const withArticle = (kind: string) => `${/^[aeiou]/i.test(kind) ? 'an' : 'a'} ${kind}`;

const PUBLISHED = [
  'when was the {text} written',
  'when was it written',
  'when was the {text} published',
  'when was it published',
  'when was the {text} released',
  'what date is the {text} from',
  'how old is the {text}',
  'publication date of the {text}',
  'when did the {text} come out',
];
const PUBLISHER = [
  'who published the {text}',
  'who published it',
  'which outlet published the {text}',
  'who issued the {text}',
  'who wrote the {text}',
  'what outlet is the {text} from',
  'publisher of the {text}',
  'which publication ran the {text}',
  'who put out the {text}',
  'who is behind the {text}',
  'which organisation released the {text}',
];
const TITLE = ['what is the title of the {text}', 'what is the {text} called', 'what is the headline of the {text}', 'name of the {text}', 'title of the {text}'];
const BYLINE = [
  'who is the author of the {text}',
  'who is the reporter',
  'byline of the {text}',
  "what is the reporter's email",
  'contact for the {text}',
  'who signed the {text}',
  'author of the {text}',
  'who is the {text} by',
  'email address in the {text}',
  'how can i contact the writer of the {text}',
];
const CITES = [
  'which outlets does the {text} cite',
  'what outlets does the {text} cite',
  'which media does the {text} cite',
  'what news outlets are cited in the {text}',
  "what are the {text}'s sources",
  'where does the {text} get its information',
  'which outlets are cited',
  'which news organisations does it cite',
  'which news organizations does the {text} rely on',
  'what media outlets does the {text} draw on',
  'which outlets did the people in the {text} talk to',
  'which tv or radio programmes does the {text} mention',
];
const QUOTED = [
  'who is quoted in the {text}',
  'who does the {text} quote',
  'which people are quoted in the {text}',
  'whose words does the {text} report',
  'who is cited in the {text}',
  'who speaks in the {text}',
  'who is quoted',
  'who is named as a source in the {text}',
  'which experts does the {text} quote',
  'which officials are quoted in the {text}',
];
const CITED_BY_SEVERAL = [
  'which outlets do both {texts} cite',
  'which outlets do the two {texts} cite',
  'what media do the {texts} cite',
  'what outlets are cited in the {texts}',
  'which news outlets do the {texts} quote',
  'which news organizations do the {texts} rely on',
  'what media outlets do the {texts} draw on',
];
const QUOTED_IN_SEVERAL = ['who is quoted in both {texts}', 'who do both {texts} quote', 'which person is quoted in both', 'who appears in both {texts}', 'who is quoted in all the {texts}'];
const URL = ['where can i read the {text}', 'link to the {text}', 'url of the {text}', 'where is the {text} online', 'web address of the {text}', 'where can i find the {text} online'];
