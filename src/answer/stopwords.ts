/**
 * Words that carry no meaning for matching: common English function words plus the
 * filler of chat ("hey", "pls", "anyone know"). Question words other than "when" are
 * here too; "when" maps to `date` (see synonyms) because it asks for one.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above again against all also am an and any anyone anybody are aren as at be because been being below
  between both but by can cannot could couldn did didn do does doesn doing don down during each either else
  ever every few for from further get gets getting give go going gonna got had has hasn have haven having he
  her here hers herself him himself his how i if in into is isn it its itself just kind know let like ll me
  mean might more most much must my myself no nor not now of off on once one only or other our ours
  ourselves out over own please pls plz quick quickly re really s said same say says saying shall she should
  so some something sort such t tell than thank thanks that the their theirs them themselves then there
  these they thing things this those though through thx to too u under until up us ve very wanna was wasn we
  were weren what whats what's which while who whom whose why will with would wouldn y yeah yes yet you
  your yours yourself yourselves hey hi hello hiya yo folks guys team everyone bot summitbot summit-bot
  question questions curious wondering wonder remind recall somebody someone exactly actually basically
  literally okay ok oh um uh hmm lol btw fyi idk iirc afaik explain info information details detail where
  happen happened happening regarding whether per etc via supposed bring stuff anything kinda sorta maybe
  probably think thought guess keep keeps kept appreciate appreciated cheers sooo
`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * The commonest function words, which spelling reads a typo as ("wher", "waht", "wat"); the
 * list is short on purpose, as most short words are a word of their own.
 */
export const TYPO_PRONE: readonly string[] = ['what', 'where', 'which', 'about', 'there', 'their', 'would', 'could', 'should', 'does', 'with', 'that', 'this', 'have', 'from', 'were', 'your'];
