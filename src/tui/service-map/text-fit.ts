/**
 * Names come from captured traffic: control characters would move the terminal cursor, so
 * they are shown as "?". Widths count code points (one cell each).
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/** Code points of the text: the map gives each one terminal cell. */
export function chars(text: string): string[] {
  return Array.from(text);
}

/** Cuts text to at most `max` cells, marking the cut with "…". */
export function fit(text: string, max: number): string {
  const cells = chars(printable(text));
  if (cells.length <= max) return cells.join('');
  if (max <= 0) return '';
  return `${cells
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}

export function textWidth(text: string): number {
  return chars(text).length;
}
