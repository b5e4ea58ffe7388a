/** RFC 6901 JSON Pointer token escaping: "~" → "~0", "/" → "~1". */
export function escapePointerToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}
