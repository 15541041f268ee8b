/**
 * Checks a media type before it is stored, so it can later go out as a Content-Type header unchanged: 1-255
 * printable ASCII characters shaped `type/subtype` with optional parameters (RFC 9110 §8.3.1). Types come from
 * Cadence's own probing, so a bad one is a bug: throws an Error naming it.
 */
export function assertContentType(contentType: string): void {
  if (!/^[\x21-\x7e]+\/[\x21-\x7e]+( *;[\x20-\x7e]*)?$/.test(contentType) || contentType.length > 255) {
    throw new Error(`invalid media content type ${JSON.stringify(contentType.slice(0, 100))}`);
  }
}
