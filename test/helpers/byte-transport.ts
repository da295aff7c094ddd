/**
 * A message transport fed with raw bytes, for tests that drive a stream connection in
 * process: inbound bytes go through the same LineReader stdio uses (so invalid UTF-8 and
 * broken lines are handled as on a pipe), and every message out is serialised with
 * JSON.stringify exactly as stdio does, so a value that cannot be serialised throws where
 * it would on stdio.
 */
import type { Inbound, JsonRpcMessage } from "../../src/protocol/jsonrpc.ts";
import type { MessageTransport } from "../../src/protocol/transport.ts";
import { LineReader } from "../../src/transports/line-reader.ts";

export class ByteStreamTransport implements MessageTransport {
  private reader: LineReader | undefined;
  private onClose: (() => void) | undefined;
  closed = false;

  /** `explain` names what an id answers, for the error thrown when a message cannot be serialised. */
  constructor(
    private readonly onText: (text: string) => void,
    private readonly explain: (id: unknown) => string = () => "",
  ) {}

  start(handlers: { onMessage(inbound: Inbound): void; onClose(): void }): void {
    this.reader = new LineReader(handlers.onMessage);
    this.onClose = handlers.onClose;
  }

  /** Bytes from the client, as a pipe would deliver them. */
  push(bytes: Buffer): void {
    if (!this.closed) this.reader?.push(bytes);
  }

  send(message: JsonRpcMessage): void {
    if (this.closed) return;
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch (error) {
      const id = "id" in message ? message.id : undefined;
      throw new TypeError(
        `${(error as Error).message}: the message with id ${JSON.stringify(id)} cannot be serialised (stdio would exit here)${this.explain(id)}`,
        { cause: error },
      );
    }
    this.onText(text);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onClose?.();
  }
}
