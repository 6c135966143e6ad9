import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../src/knowledge/text.ts';

describe('normalizeText', () => {
  it("reads a question word's or pronoun's 's as is, and anyone else's as a possessive", () => {
    expect(normalizeText("Who's Wang Yi?")).toBe('who is wang yi');
    expect(normalizeText('what’s on the agenda')).toBe('what is on the agenda');
    expect(normalizeText("it's late")).toBe('it is late');
    expect(normalizeText("Xi's visit")).toBe('xi visit');
    expect(normalizeText("wouldn't")).toBe('wouldnt');
  });

  it('reads a question word\'s contraction typed without its apostrophe, and leaves "its" a possessive', () => {
    expect(normalizeText('whos wang yi')).toBe('who is wang yi');
    expect(normalizeText('Whats on the agenda')).toBe('what is on the agenda');
    expect(normalizeText('its agenda')).toBe('its agenda');
    expect(normalizeText('whose idea')).toBe('whose idea');
  });
});
