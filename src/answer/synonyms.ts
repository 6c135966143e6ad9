/**
 * Everyday words people use for what the sources call by another name. Kept small and
 * about the domain's vocabulary (not about any one question): both the index and the
 * query go through it, so a fact written "semiconductor" is found by "chips".
 */
export const SYNONYMS: ReadonlyMap<string, string> = new Map([
  // places and peoples
  ['america', 'usa'], ['american', 'usa'], ['americans', 'usa'],
  ['chinese', 'china'], ['beijing', 'china'], ['prc', 'china'],
  ['russian', 'russia'], ['ukrainian', 'ukraine'], ['peruvian', 'peru'],
  ['washington', 'usa'],
  // people and offices
  ['potus', 'president'], ['prez', 'president'], ['joe', 'biden'], ['jinping', 'xi'],
  ['nsa', 'sullivan'], ['fm', 'minister'],
  // short forms
  ['intel', 'intelligence'], ['comms', 'communications'], ['mil', 'military'], ['admin', 'administration'],
  ['govt', 'government'], ['gov', 'government'], ['org', 'organization'],
  ['results', 'outcomes'], ['result', 'outcomes'],
  // numbers as people type them
  ['1', 'one'], ['2', 'two'], ['3', 'three'], ['4', 'four'], ['5', 'five'],
  ['1st', 'first'], ['2nd', 'second'], ['3rd', 'third'], ['4th', 'fourth'],
  // subjects
  ['chip', 'semiconductor'], ['chips', 'semiconductor'], ['semis', 'semiconductor'],
  ['opioid', 'fentanyl'], ['opioids', 'fentanyl'], ['drug', 'fentanyl'], ['drugs', 'fentanyl'], ['narcotics', 'fentanyl'],
  ['hack', 'hacker'], ['hacks', 'hacker'], ['hacked', 'hacker'], ['hacking', 'hacker'], ['hackers', 'hacker'],
  ['cyberattack', 'hacker'], ['cyberattacks', 'hacker'], ['breach', 'intrusion'], ['spying', 'espionage'], ['spy', 'espionage'],
  ['previous', 'before'], ['prior', 'before'], ['earlier', 'before'], ['previously', 'before'],
  ['telecommunications', 'telecom'], ['telecoms', 'telecom'], ['wants', 'want'], ['wanted', 'want'], ['needs', 'need'],
  ['news', 'report'], ['reports', 'report'], ['reporting', 'report'],
  ['tariff', 'tariffs'], ['army', 'military'], ['defence', 'defense'],
  ['attack', 'hacker'], ['attacks', 'hacker'], ['attacking', 'hacker'], ['intrusions', 'intrusion'],
  ['war', 'conflict'], ['backing', 'support'], ['backs', 'support'], ['help', 'support'],
  ['challenge', 'concern'], ['challenges', 'concern'], ['problem', 'concern'], ['problems', 'concern'], ['trouble', 'concern'], ['troubles', 'concern'],
  ['worried', 'concern'], ['worry', 'concern'], ['worries', 'concern'], ['concerned', 'concern'], ['concerns', 'concern'],
  ['job', 'role'], ['title', 'role'], ['position', 'role'],
  ['prep', 'preparation'], ['preparing', 'preparation'], ['prepare', 'preparation'], ['preparations', 'preparation'],
  ['address', 'agenda'], ['evaluate', 'agenda'], ['review', 'agenda'],
  ['talks', 'meet'], ['met', 'meet'], ['meeting', 'meet'], ['meetings', 'meet'], ['summit', 'meet'], ['summits', 'meet'],
  ['sitdown', 'meet'], ['bilateral', 'meet'],
  ['topics', 'agenda'], ['topic', 'agenda'], ['agendas', 'agenda'], ['issues', 'agenda'],
  ['when', 'date'], ['dates', 'date'], ['day', 'date'],
  ['discuss', 'agenda'], ['discussed', 'agenda'], ['discussing', 'agenda'],
]);

/** Multi-word names folded into one term before splitting into words. */
export const PHRASES: ReadonlyArray<[RegExp, string]> = [
  [/\bartificial intelligence\b/g, 'ai'],
  [/\b(day of the week|what day|which day)\b/g, 'date'],
  [/\b(come|comes|came|coming|bring|brings|brought|bringing) up\b/g, 'agenda'],
  [/\bunited states\b/g, 'usa'],
  [/\bsan francisco\b/g, 'sanfrancisco'],
  [/\bsf\b/g, 'sanfrancisco'],
  [/\bsan fran\b/g, 'sanfrancisco'],
  [/\bg ?20\b/g, 'g20'],
  [/\bface to face\b/g, 'inperson'],
  [/\bin person\b/g, 'inperson'],
  [/\bnational security (advisor|adviser)\b/g, 'nsa'],
  [/\b(military|mil) to (military|mil)\b/g, 'military'],
  [/\bred ?lines?\b/g, 'redline'],
];

/** The words of each multi-word name, by what it folds into ("artificial" → ai), for typo lookup. */
export const PHRASE_WORDS: ReadonlyMap<string, string[]> = new Map([
  ['ai', ['artificial']],
  ['sanfrancisco', ['francisco']],
]);
