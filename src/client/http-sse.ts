/**
 * A Server-Sent Events reader for fetch response bodies (the WHATWG event-stream format:
 * CR, LF or CRLF line ends, `data` lines joined by newlines, comments ignored).
 */

export interface SseEvent {
  event: string;
  data: string;
  /** The last event id seen on the stream so far (ids persist across events). */
  id: string | undefined;
  /** A reconnection delay the server asked for, in ms. */
  retry: number | undefined;
}

export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffer = "";
  let data: string[] = [];
  let event = "";
  let lastId: string | undefined;
  let retry: number | undefined;
  let sawField = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      // Lines end at CR, LF or CRLF; a CR at the very end may be half of a CRLF still to come.
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer[i];
        if (c !== "\n" && c !== "\r") continue;
        if (c === "\r" && i === buffer.length - 1 && !done) break;
        const line = buffer.slice(start, i);
        if (c === "\r" && buffer[i + 1] === "\n") i++;
        start = i + 1;
        if (line === "") {
          if (sawField) yield { event: event || "message", data: data.join("\n"), id: lastId, retry };
          data = [];
          event = "";
          sawField = false;
          continue;
        }
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        let text = colon < 0 ? "" : line.slice(colon + 1);
        if (text.startsWith(" ")) text = text.slice(1);
        sawField = true;
        if (field === "data") data.push(text);
        else if (field === "event") event = text;
        else if (field === "id" && !text.includes("\0")) lastId = text;
        else if (field === "retry" && /^\d+$/.test(text)) retry = Number(text);
      }
      buffer = buffer.slice(start);
      if (done) return;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}
