import { meetingsNamedIn } from './meetings.ts';
import { MONTHS, normalizeText } from './text.ts';
import type { KnowledgeBase, Source } from './types.ts';

/**
 * A question's words that point at one of the sources rather than at what they report:
 * "according to the 2024 article", "in the later of the two previews", "the Lima piece",
 * "the December statement". Resolved from the sources' own front matter (kind, publisher,
 * date, the meetings they cover), so any base reads them with no word list of its own.
 */
export interface SourceReference {
  /** The sources it names, oldest first; empty when it names none in particular ("according to the article"). */
  sources: string[];
  /** The words of the reference, in normalised text, for the question to be read without them. */
  span: string;
  /** It names several sources at once ("both articles", "the two statements"): a fact about them together answers it best. */
  together: boolean;
}

/** Nouns people use for a text, in any subject; each base's own kinds ("readout") are added. */
const TEXT_NOUNS = [
  'article',
  'piece',
  'story',
  'report',
  'preview',
  'text',
  'account',
  'statement',
  'readout',
  'release',
  'document',
  'source',
  'write up',
  'writeup',
  'coverage',
  'reporting',
  'transcript',
];
/** Words before the noun that say which, by order of publication. */
const LATER = new Set(['later', 'latest', 'last', 'recent', 'newer', 'newest', 'second', 'subsequent', 'follow', 'followup']);
const EARLIER = new Set(['earlier', 'earliest', 'first', 'older', 'oldest', 'previous', 'prior', 'original']);
/** Words before the noun that do not say which ("the more recent of the two news articles"). */
const NEUTRAL = new Set([
  'the',
  'of',
  'two',
  'both',
  'more',
  'most',
  'news',
  'official',
  'a',
  'an',
  'one',
  'focused',
  'based',
  'about',
  'on',
  'this',
  'that',
  'same',
  'whole',
  'full',
  'original',
  'short',
  'long',
  'main',
]);
/** How a reference is introduced when it says where something is reported (the pattern's first group). */
const INTRO = '((?:according to|per|in|from|by|as (?:[a-z]+ ){0,2}(?:in|by)) )?';
/**
 * Up to three words before the noun (the second group), none of them "the" but in "of the
 * two": "the later of the two previews", not "the president said in the article".
 */
const MODIFIERS = '((?:(?!the )[a-z0-9]+ ){0,3}?(?:of the (?:[a-z0-9]+ )?)?)';

/** Per base, once: the pattern, the sources oldest first, and the meetings and years each is about. */
interface SourceIndex {
  pattern: RegExp;
  /** "Which article mentions…" (see whichSourceSays). */
  whichSays: RegExp;
  /** The nouns a reference ends in, singular. */
  nouns: Set<string>;
  sources: Source[];
  meetings: Map<string, Set<string>>;
  years: Map<string, Set<string>>;
}
const cache = new WeakMap<KnowledgeBase, SourceIndex>();

export function resolveSourceReference(kb: KnowledgeBase, text: string): SourceReference | undefined {
  const index = indexOf(kb);
  const { pattern, sources } = index;
  if (!sources.length) return undefined;
  const normalized = ` ${normalizeText(text)} `;
  for (const m of normalized.matchAll(pattern)) {
    const [span, intro = '', modifiers = ''] = [m[0], m[1], m[2]];
    const resolved = resolveModifiers(kb, index, modifiers.trim());
    const noun = span.trim().split(' ').at(-1)!;
    const together = / (both|two|all) /.test(` ${span} `) || (!index.nouns.has(noun) && index.nouns.has(noun.slice(0, -1)));
    // "the NSC statement" names a speaker, not a source: only a modifier that resolves, a bare
    // reference that says where something is reported ("according to the article"), or one to
    // the texts together ("both articles") counts.
    if (
      resolved === undefined &&
      !together &&
      !(
        intro &&
        modifiers
          .trim()
          .split(' ')
          .every((w) => !w || NEUTRAL.has(w))
      )
    )
      continue;
    const ids = resolved ?? [];
    return { sources: ids.length === sources.length ? [] : ids, span: span.trim(), together: together && ids.length !== 1 };
  }
  return undefined;
}

/**
 * "Which article mentions the ferry?", "which of the two statements talks about housing?": the
 * words that ask which source says something (which, the noun, and the verb of saying), for
 * the question to be read without them. Undefined when the question asks nothing of the kind.
 */
export function whichSourceSays(kb: KnowledgeBase, text: string): string | undefined {
  return indexOf(kb)
    .whichSays.exec(` ${normalizeText(text)} `)?.[0]
    .trim();
}

/** Verbs of a text saying something. */
const COVERS =
  'mentions?|mentioned|talks? about|talked about|discuss(?:es)?|discussed|covers?|covered|brings? up|brought up|says?|said|reports?|reported|refers? to|referred to|addresses|addressed|deals? with|dealt with|has|had|includes?|included|names?|named|is about|was about';

/** The sources the words before the noun narrow to, or undefined when none of them says which. */
function resolveModifiers(kb: KnowledgeBase, { sources, meetings: about, years }: SourceIndex, modifiers: string): string[] | undefined {
  if (!modifiers) return undefined;
  const words = modifiers.split(' ');
  let matched = sources;
  let narrowed = false;
  const narrow = (keep: (s: Source) => boolean) => {
    const kept = matched.filter(keep);
    if (kept.length) {
      matched = kept;
      narrowed = true;
    }
  };
  for (const year of words.filter((w) => /^(19|20)\d\d$/.test(w))) narrow((s) => years.get(s.id)!.has(year));
  for (const month of words.filter((w) => MONTH_NUMBER.has(w))) narrow((s) => s.published.slice(5, 7) === MONTH_NUMBER.get(month));
  const meetings = meetingsNamedIn(kb, modifiers.replace(/\b(19|20)\d\d\b/g, ' '));
  if (meetings.length) narrow((s) => meetings.some((m) => about.get(s.id)!.has(m.id)));
  for (const word of words.filter((w) => w.length >= 3)) narrow((s) => Boolean(s.publisher && normalizeText(s.publisher).split(' ').includes(word)));
  if (words.some((w) => LATER.has(w))) return [matched.reduce((a, b) => (b.published > a.published ? b : a)).id];
  if (words.some((w) => EARLIER.has(w))) return [matched.reduce((a, b) => (b.published < a.published ? b : a)).id];
  return narrowed ? matched.map((s) => s.id) : undefined;
}

const MONTH_NUMBER = new Map(
  MONTHS.flatMap((name, i) => [
    [name.toLowerCase(), String(i + 1).padStart(2, '0')],
    [name.toLowerCase().slice(0, 3), String(i + 1).padStart(2, '0')],
  ]),
);

function indexOf(kb: KnowledgeBase): SourceIndex {
  let entry = cache.get(kb);
  if (!entry) {
    const sources = [...kb.sources.values()].sort((a, b) => a.published.localeCompare(b.published));
    const kinds = sources.map((s) => normalizeText(s.kind).split(' ').at(-1)!).filter(Boolean);
    const nouns = new Set([...TEXT_NOUNS, ...kinds]);
    const alternatives = [...nouns].sort((a, b) => b.length - a.length).join('|');
    const pattern = new RegExp(` ${INTRO}(?:the|this|that|both|each|either) ${MODIFIERS}(?:${alternatives})s?(?= )`, 'g');
    const whichSays = new RegExp(
      ` (?:which|what) (?:one |of the (?:two |[a-z]+ )?)?(?:(?:news |official )?(?:${alternatives})s? )(?:(?:is it that |is the one that |actually )?(?:${COVERS})|that (?:${COVERS}))(?= )`,
    );
    // The meetings a source is about: those it was written before or after, and the one most of its facts report on.
    const counts = new Map<string, Map<string, number>>();
    for (const f of kb.facts) {
      const bySource = counts.get(f.source) ?? new Map<string, number>();
      bySource.set(f.meeting, (bySource.get(f.meeting) ?? 0) + 1);
      counts.set(f.source, bySource);
    }
    const meetings = new Map(
      sources.map((s) => {
        const main = [...(counts.get(s.id) ?? [])].sort((a, b) => b[1] - a[1])[0]?.[0];
        return [s.id, new Set([...s.writtenBefore, ...s.writtenAfter, ...(main ? [main] : [])])];
      }),
    );
    // The years a source is "the <year> article" of: its own, and its meetings'.
    const yearOf = new Map(kb.meetings.map((m) => [m.id, m.date.slice(0, 4)]));
    const years = new Map(sources.map((s) => [s.id, new Set([s.published.slice(0, 4), ...[...meetings.get(s.id)!].flatMap((id) => yearOf.get(id) ?? [])])]));
    cache.set(kb, (entry = { pattern, whichSays, nouns, sources, meetings, years }));
  }
  return entry;
}
