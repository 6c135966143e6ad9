export { escapeRegExp, normalizeText } from '../knowledge/text.ts';

/** Longest question we match on; the rest of a pasted essay adds noise, not meaning. */
export const MAX_QUESTION_CHARS = 500;

/**
 * Slack markup removed, visible text kept: mentions and broadcasts (`<@U1>`, `<!here>`)
 * go, a link keeps its label, `*bold*`/`_it_`/`~strike~`/`code` lose their markers,
 * and Slack's HTML escapes are decoded.
 */
export function stripSlackMarkup(text: string): string {
  return text
    .replace(/<([@#!][^>|]*)(?:\|([^>]*))?>/g, (_m, _target: string, label?: string) => (_target.startsWith('#') && label ? ` ${label} ` : ' '))
    .replace(/<([^>|]+)\|([^>]+)>/g, ' $2 ')
    .replace(/<([^>]+)>/g, ' $1 ')
    .replace(/(^|\s)[*_~`]+|[*_~`]+(?=\s|$|[.,!?;:])/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
