/**
 * Collects the first bytes of a body as a platform observes its chunks, never more than the cap:
 * chunks past it are only counted. Copies the bytes it keeps, so it never pins the runtime's (often
 * much larger) socket buffers; text is kept as strings (immutable) for as long as it fits whole.
 */
const utf8 = new TextEncoder();

export class BodyCollector {
  private readonly chunks: Uint8Array[] = [];
  private kept = 0;
  /** Every byte observed, kept or not. */
  total = 0;
  /** The producer signalled the end of the body (as opposed to the exchange ending early). */
  complete = false;

  /** `limit` is the most bytes kept; a platform passes the cap plus a few bytes of slack for UTF-8 cuts. */
  constructor(readonly limit: number) {}

  /**
   * A UTF-8 string chunk whose `byteLength` still fits within the limit, kept as text: a body
   * written as text (`res.end(json)`, or a few `res.write(string)`), and Node's ASCII chunks read
   * as one-byte strings, are then recorded without being encoded here (or copied into an
   * ArrayBuffer) and decoded back at the end. Strings never change, so nothing is copied; a later
   * chunk that does not fit, or bytes, turn the text into bytes like the rest. False (nothing
   * kept) when it does not apply.
   */
  addText(text: string, byteLength: number): boolean {
    if (!this.takesText(byteLength)) return false;
    if (this.text === undefined) this.text = text;
    else {
      // A surrogate pair split over two writes goes out as two replacement characters, never one
      // character: joined, the text would not be the wire's. Such a body goes on as bytes.
      if ((this.text.charCodeAt(this.text.length - 1) & 0xfc00) === 0xd800 || (text.charCodeAt(0) & 0xfc00) === 0xdc00) return false;
      this.text += text;
    }
    this.total += byteLength;
    this.kept += byteLength;
    return true;
  }

  /** Whether `byteLength` more bytes would be kept as text (everything so far is text, and they fit). */
  takesText(byteLength: number): boolean {
    return !this.counting && this.chunks.length === 0 && this.total === this.kept && this.kept + byteLength <= this.limit;
  }

  private text: string | undefined;

  /** The body when everything kept is text from addText (and nothing was counted after it). */
  get wholeText(): string | undefined {
    return this.total === this.kept ? this.text : undefined;
  }

  /** `owned`: the caller made `chunk` for us (an encoded string), so what fits is kept without a copy. */
  add(chunk: Uint8Array, owned = false): void {
    if (this.text !== undefined) {
      this.chunks.push(utf8.encode(this.text));
      this.text = undefined;
    }
    this.total += chunk.byteLength;
    const room = this.limit - this.kept;
    if (this.counting || room <= 0 || chunk.byteLength === 0) return;
    const part = chunk.byteLength > room ? chunk.subarray(0, room) : chunk;
    // A real copy otherwise: a Node Buffer's slice() is a view, which would pin the socket's read
    // buffer (or the app's own buffer, which it may change after writing it).
    this.chunks.push(owned ? part : new Uint8Array(part));
    this.kept += part.byteLength;
  }

  private counting = false;

  /** True once nothing more will be kept: later chunks are only counted. */
  get full(): boolean {
    return this.counting || this.kept >= this.limit;
  }

  /** From now on only count (a binary or multipart body, whose bytes would never be recorded). */
  countOnly(): void {
    this.counting = true;
    this.text = undefined;
    this.chunks.length = 0;
    this.kept = 0;
  }

  bytes(): Uint8Array {
    if (this.chunks.length === 0) return this.text === undefined ? new Uint8Array(0) : utf8.encode(this.text);
    if (this.chunks.length === 1) return this.chunks[0]!;
    const out = new Uint8Array(this.kept);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    return out;
  }
}
