/** Block Kit as readable terminal text, for the local console. */
import type { types } from '@slack/bolt';

const EMOJI: Record<string, string> = {
  newspaper: '📰',
  classical_building: '🏛️',
  page_facing_up: '📄',
  speech_balloon: '💬',
  mag: '🔍',
  loudspeaker: '📢',
  warning: '⚠️',
  calendar: '📅',
  sparkles: '✨',
  bulb: '💡',
};

export function messageToText(message: { text?: string; blocks?: types.KnownBlock[] | types.Block[] }): string {
  if (!message.blocks?.length) return plain(message.text ?? '');
  const lines: string[] = [];
  for (const block of message.blocks as types.KnownBlock[]) {
    switch (block.type) {
      case 'header':
        lines.push('', `== ${plain(block.text.text)} ==`);
        break;
      case 'section':
        if (block.text) lines.push(plain(block.text.text));
        break;
      case 'context':
        lines.push(`   ${block.elements.map((e) => ('text' in e ? plain(e.text) : '')).join('  ·  ')}`);
        break;
      case 'actions':
        lines.push(`   ${block.elements.map((e) => ('text' in e && e.text ? `[${plain(e.text.text)}]` : '')).join(' ')}`);
        break;
      case 'rich_text':
        for (const element of block.elements) {
          const text = 'elements' in element ? element.elements.map((e) => ('text' in e ? e.text : '')).join('') : '';
          lines.push(element.type === 'rich_text_quote' ? `> ${text}` : text);
        }
        break;
      case 'context_actions':
        lines.push('   [👍 Helpful] [👎 Not what I asked: type 👎 or -1]');
        break;
      case 'divider':
        lines.push('—'.repeat(40));
        break;
      default:
        break;
    }
  }
  return lines.join('\n');
}

function plain(mrkdwn: string): string {
  return mrkdwn
    .replace(/:([a-z_]+):/g, (m, name: string) => EMOJI[name] ?? m)
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\u200b/g, '');
}
