/**
 * General English the engine reads the same way in any knowledge base: how people write
 * numbers and ask for dates. A subject's own words live in its knowledge/vocabulary.yml.
 */
export const GENERAL_SYNONYMS: ReadonlyMap<string, string> = new Map([
  ['1', 'one'],
  ['2', 'two'],
  ['3', 'three'],
  ['4', 'four'],
  ['5', 'five'],
  ['1st', 'first'],
  ['2nd', 'second'],
  ['3rd', 'third'],
  ['4th', 'fourth'],
  // "when" asks for a date (the stopwords drop the other question words)
  ['when', 'date'],
  ['dates', 'date'],
  ['day', 'date'],
  ['previous', 'before'],
  ['prior', 'before'],
  ['earlier', 'before'],
  ['previously', 'before'],
]);

/** Several words read as one, in any subject. */
export const GENERAL_PHRASES: ReadonlyMap<string, string> = new Map([
  ['day of the week', 'date'],
  ['what day', 'date'],
  ['which day', 'date'],
  ['what year', 'date'],
  ['which year', 'date'],
  ['what month', 'date'],
  ['which month', 'date'],
]);
