/**
 * Small JSON writers for the JSON-valued string columns (HTTP headers, DNS header/body).
 * `JSON.stringify` of a plain object moves integer-like keys ("200", "42") to the front;
 * these helpers keep keys in the order given, which matters for header objects.
 */
export type JsonScalar = string | number | boolean | null;

/** `{"k1":v1,"k2":v2}` with the keys in the given order. */
export function jsonObject(entries: Iterable<readonly [string, JsonScalar]>): string {
  const parts: string[] = [];
  for (const [key, value] of entries) parts.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
  return `{${parts.join(',')}}`;
}
