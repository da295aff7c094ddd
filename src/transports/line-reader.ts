/**
 * Splits a byte stream into newline-delimited JSON-RPC frames. Works on bytes so a
 * multi-byte character split across chunks is never decoded in halves.
 */
import { ErrorCode } from "../protocol/errors.ts";
import { errorResponse, parseMessage, type Inbound } from "../protocol/jsonrpc.ts";

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

export class LineReader {
  private parts: Buffer[] = [];
  private size = 0;
  private discarding = false;

  constructor(
    private readonly onMessage: (inbound: Inbound) => void,
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    let newline = chunk.indexOf(10, start);
    while (newline !== -1) {
      this.take(chunk.subarray(start, newline), true);
      start = newline + 1;
      newline = chunk.indexOf(10, start);
    }
    if (start < chunk.length) this.take(chunk.subarray(start), false);
  }

  private take(piece: Buffer, complete: boolean): void {
    if (!this.discarding) {
      this.size += piece.length;
      if (this.size > this.maxLineBytes) {
        // Too large: answer once and skip the rest of this line, then carry on serving.
        this.discarding = true;
        this.parts = [];
        this.onMessage({ kind: "invalid", error: errorResponse(null, ErrorCode.InvalidRequest, `Message larger than ${this.maxLineBytes} bytes`) });
      } else if (piece.length) {
        this.parts.push(piece);
      }
    }
    if (!complete) return;
    const parts = this.parts;
    const wasDiscarding = this.discarding;
    this.parts = [];
    this.size = 0;
    this.discarding = false;
    if (wasDiscarding || parts.length === 0) return;
    let text = (parts.length === 1 ? parts[0] : Buffer.concat(parts)).toString("utf8");
    if (text.endsWith("\r")) text = text.slice(0, -1);
    if (text.trim().length === 0) return;
    this.onMessage(parseMessage(text));
  }
}
