import { normalizeText } from './text.ts';

/**
 * Messages that are conversation, not questions: "help", "thanks!", "hi there", "👍". They
 * get a short fitting reply, never a fact (a fact for "thanks" reads as the bot not
 * listening). General English, like the stopwords; nothing here is about a base's subject.
 */
export type ChitChat = 'help' | 'thanks' | 'greeting' | 'farewell' | 'acknowledgement';

/**
 * Phrases of each kind, normalised. A message is chit-chat only when, once these, filler
 * words and emoji are taken out, nothing is left: "help me with the fentanyl talks" is a
 * question; "thanks, and in 2023?" too.
 */
const PHRASES: Record<ChitChat, string[]> = {
  help: [
    'help',
    'help me',
    'helps',
    'usage',
    'commands',
    'menu',
    'options',
    'how does this work',
    'how do i use you',
    'how do i use this',
    'what can you do',
    'what can i ask',
    'what can i ask you',
    'what do you know',
    'what are you',
    'who are you',
    'what is this',
    'what do you do',
    'instructions',
    'manual',
    'info',
    'about',
  ],
  thanks: [
    'thanks',
    'thank you',
    'thank u',
    'thx',
    'ty',
    'tysm',
    'tks',
    'cheers',
    'much appreciated',
    'appreciated',
    'appreciate it',
    'many thanks',
    'thanks a lot',
    'thanks so much',
    'great thanks',
    'kudos',
  ],
  greeting: [
    'hi',
    'hello',
    'hey',
    'hiya',
    'howdy',
    'yo',
    'sup',
    'hey there',
    'hi there',
    'hello there',
    'good morning',
    'good afternoon',
    'good evening',
    'morning',
    'gm',
    'greetings',
    'how are you',
    'how s it going',
    'whats up',
    'what s up',
  ],
  farewell: ['bye', 'goodbye', 'good bye', 'see you', 'see ya', 'later', 'cya', 'good night', 'gn', 'ttyl'],
  acknowledgement: [
    'ok',
    'okay',
    'k',
    'kk',
    'got it',
    'cool',
    'nice',
    'great',
    'perfect',
    'awesome',
    'sounds good',
    'makes sense',
    'lol',
    'haha',
    'nice one',
    'neat',
    'wow',
    'good',
    'sure',
    'yes',
    'yep',
    'no',
    'nope',
    'fine',
    'right',
  ],
};

/** Words that may come with any of them: "hey @bot", "ok thanks so much!", "hi all". */
const FILLER = new Set('all everyone folks team guys there bot summit summitbot so very much a lot again please pls plz just oh and but the you u'.split(' '));

/** Slack's emoji shortcodes and pictographic characters. */
const SHORTCODE = /:[a-z0-9_+'-]+:/gi;
// biome-ignore lint/suspicious/noMisleadingCharacterClass: each code point on its own is what is stripped (ZWJ and VS16 included)
const PICTOGRAPH = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{FE0F}\u{200D}]/gu;
const HAS_EMOJI = /\p{Extended_Pictographic}|:[a-z0-9_+'-]+:/iu;
const THANKS_EMOJI = /👍|🙏|❤|🙌|💯|:(\+1|thumbsup|pray|heart|raised_hands|100|clap|tada|ok_hand):/i;
const GREETING_EMOJI = /👋|:wave:/i;

const byLength = (Object.entries(PHRASES) as [ChitChat, string[]][]).flatMap(([kind, phrases]) => phrases.map((p) => ({ kind, words: p.split(' ') }))).sort((a, b) => b.words.length - a.words.length);

/** The kind of chit-chat `message` is, or undefined when it asks something. */
export function chitChat(message: string): ChitChat | undefined {
  // "+1" (and "+1!!") is Slack's written thumbs-up.
  if (/^\s*\+1\W*$/.test(message)) return 'acknowledgement';
  const words = normalizeText(message.replace(SHORTCODE, ' ').replace(PICTOGRAPH, ' ')).split(' ').filter(Boolean);
  if (!words.length) {
    if (THANKS_EMOJI.test(message)) return 'acknowledgement';
    if (GREETING_EMOJI.test(message)) return 'greeting';
    return HAS_EMOJI.test(message) ? 'acknowledgement' : undefined;
  }
  const found = new Set<ChitChat>();
  for (let i = 0; i < words.length; ) {
    const match = byLength.find((p) => p.words.every((w, k) => words[i + k] === w));
    if (match) {
      found.add(match.kind);
      i += match.words.length;
    } else if (FILLER.has(words[i]!)) i++;
    else return undefined;
  }
  // Help outranks the rest ("hi, help?"), then thanks ("ok thanks"), then hello, then bye.
  return (['help', 'thanks', 'greeting', 'farewell', 'acknowledgement'] as const).find((k) => found.has(k)) ?? (GREETING_EMOJI.test(message) ? 'greeting' : undefined);
}
