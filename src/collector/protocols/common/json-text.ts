/**
 * Small JSON writers for the JSON-valued string columns (HTTP headers, DNS header/body).
 * `JSON.stringify` of a plain object moves integer-like keys ("200", "42") to the front;
 * these helpers keep keys in the order given, which matters for header objects.
 */
export type JsonScalar = string | number | boolean | null;

/** `JSON.stringify(text)`, without its per-call cost for the common plain string. */
export function jsonString(text: string): string {
  return isPlain(text) ? `"${text}"` : JSON.stringify(text);
}

/**
 * A string JSON.stringify leaves as it is: no quote, backslash, control character or
 * surrogate (a lone surrogate is escaped; pairs are rare enough to take the slow path).
 */
function isPlain(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x22 || code === 0x5c) return false;
    if (code >= 0xd800 && code <= 0xdfff) return false;
  }
  return true;
}

/** `{"k1":v1,"k2":v2}` with the keys in the given order. */
export function jsonObject(entries: Iterable<readonly [string, JsonScalar]>): string {
  // Joined rather than concatenated: a flat string is cheaper to hash in the store's dictionary.
  const parts: string[] = [];
  for (const [key, value] of entries) {
    const text = typeof value === 'string' ? jsonString(value) : JSON.stringify(value);
    parts.push(`${jsonString(key)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}
