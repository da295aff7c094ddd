/**
 * Splits a byte stream into newline-delimited JSON-RPC frames. Bytes are decoded once per
 * chunk by a StringDecoder, which holds back a multi-byte character split across chunks, so
 * no character is ever decoded in halves and lines are cheap string slices.
 */
import { StringDecoder } from "node:string_decoder";
import { ErrorCode } from "../protocol/errors.ts";
import { errorResponse, parseMessage, type Inbound } from "../protocol/jsonrpc.ts";

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

/** UTF-8 needs at most 3 bytes per UTF-16 unit, so shorter text cannot exceed a byte limit. */
const MAX_BYTES_PER_UNIT = 3;

export class LineReader {
  private readonly decoder = new StringDecoder("utf8");
  /** The start of a line that has not ended yet, in pieces (joined once, when it ends). */
  private parts: string[] = [];
  private partsBytes = 0;
  private discarding = false;

  constructor(
    private readonly onMessage: (inbound: Inbound) => void,
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  ) {}

  push(chunk: Buffer): void {
    const text = this.decoder.write(chunk);
    let start = 0;
    let newline = text.indexOf("\n");
    while (newline !== -1) {
      this.endLine(text.slice(start, newline));
      start = newline + 1;
      newline = text.indexOf("\n", start);
    }
    if (start < text.length) this.keep(start === 0 ? text : text.slice(start));
  }

  private keep(piece: string): void {
    if (this.discarding) return;
    this.parts.push(piece);
    this.partsBytes += Buffer.byteLength(piece);
    if (this.partsBytes > this.maxLineBytes) this.startDiscarding();
  }

  private endLine(tail: string): void {
    const discarding = this.discarding;
    this.discarding = false;
    if (discarding) {
      this.parts = [];
      this.partsBytes = 0;
      return;
    }
    let line = tail;
    if (this.parts.length > 0) {
      this.parts.push(tail);
      line = this.parts.join("");
      this.parts = [];
      this.partsBytes = 0;
    }
    if (this.tooLarge(line)) {
      this.reportTooLarge();
      return;
    }
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (line.length === 0 || line.trim().length === 0) return;
    this.onMessage(parseMessage(line));
  }

  private tooLarge(line: string): boolean {
    if (line.length * MAX_BYTES_PER_UNIT <= this.maxLineBytes) return false;
    return line.length > this.maxLineBytes || Buffer.byteLength(line) > this.maxLineBytes;
  }

  /** Too large: answer once and skip the rest of this line, then carry on serving. */
  private startDiscarding(): void {
    this.discarding = true;
    this.parts = [];
    this.partsBytes = 0;
    this.reportTooLarge();
  }

  private reportTooLarge(): void {
    this.onMessage({
      kind: "invalid",
      error: errorResponse(null, ErrorCode.InvalidRequest, `Message larger than ${this.maxLineBytes} bytes`),
    });
  }
}
