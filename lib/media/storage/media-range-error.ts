/**
 * Thrown by MediaStorage.get() when a byte range cannot be served: `start` past the object's last byte, or a range
 * that is not whole numbers with 0 <= start <= end (HTTP's 416 Range Not Satisfiable, RFC 9110 §15.5.17).
 * `bytes`: the object's size, for the Content-Range header of a 416 answer (`bytes *\/<bytes>`).
 */
export class MediaRangeError extends Error {
  constructor(
    readonly range: { start: number; end: number },
    readonly bytes?: number,
  ) {
    super(`byte range ${range.start}-${range.end} not satisfiable${bytes === undefined ? "" : ` (size ${bytes})`}`);
    this.name = "MediaRangeError";
  }
}
