/**
 * Expert decodes a `=name` path segment twice (and turns `+` into a space), so a name is
 * URI-encoded twice: "A/B+C" -> "=A%252FB%252BC".
 */
export function nameSegment(name: string): string {
	return '=' + encodeURIComponent(encodeURIComponent(name));
}
