import { formatDate } from './text.ts';
import { GENERAL_MEETING, type Fact, type KnowledgeBase, type Source } from './types.ts';

/**
 * Facts about the sources themselves, made from each one's front matter, so that "who
 * published the SF article?" and "when was the Lima preview written?" are answered like any
 * other question, in any base. Their sample questions are general English ("the article"
 * stands for whatever the source's kind is); which source a question means is read from its
 * own words (source-references.ts). They carry no quote: the front matter is their source.
 */
export function sourceFacts(kb: Pick<KnowledgeBase, 'sources'>): Fact[] {
  return [...kb.sources.values()].flatMap((source) => {
    const noun = source.kind.split(' ').at(-1)!;
    const fill = (questions: string[]) => questions.map((q) => q.replaceAll('{text}', noun));
    const fact = (aspect: string, answer: string, questions: string[], derived: Fact['derived'] = 'front-matter'): Fact => ({
      id: `source-${source.id}-${aspect}`,
      source: source.id,
      meeting: GENERAL_MEETING,
      answer,
      quotes: [],
      questions: fill(questions),
      topics: ['source'],
      people: [],
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
    return facts;
  });
}

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
];
const TITLE = ['what is the title of the {text}', 'what is the {text} called', 'what is the headline of the {text}', 'name of the {text}', 'title of the {text}'];
const URL = ['where can i read the {text}', 'link to the {text}', 'url of the {text}', 'where is the {text} online'];
