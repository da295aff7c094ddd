/**
 * A guarded HTTP GET for a server that fetches URLs on a model's behalf: http/https only,
 * a bounded number of redirects (each hop checked again), an overall timeout, a cap on
 * the body size (reading stops there), and no private or loopback addresses.
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Readable } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { BlockedAddressError, checkLiteralHost, guardedLookup, type GuardOptions } from "./address-guard.ts";

export interface FetchOptions extends GuardOptions {
  /** Redirects followed before giving up (default 5). */
  maxRedirects?: number;
  /** For the whole fetch, redirects included (default 15000 ms). */
  timeoutMs?: number;
  /** Body bytes read (after decompression); the rest is not downloaded (default 2 MiB). */
  maxBytes?: number;
  userAgent?: string;
  /** Aborts the fetch, e.g. when the MCP client cancels the call. */
  signal?: AbortSignal;
}

export interface FetchedPage {
  /** Where the content came from, after redirects. */
  url: string;
  status: number;
  contentType: string;
  body: Buffer;
  /** The body was longer than `maxBytes` and was cut there. */
  truncated: boolean;
}

/** A failure worth telling the caller about in words (bad URL, refused address, HTTP error...). */
export class FetchError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "FetchError";
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Adds https:// when no scheme is given ("example.com", "localhost:8080/x"); refuses schemes other than http(s). */
export function normalizeUrl(input: string): URL {
  const trimmed = input.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:(?!\d+(?:[/?#]|$))/i.test(trimmed);
  let url: URL;
  try {
    url = new URL(hasScheme ? trimmed : `https://${trimmed}`);
  } catch {
    throw new FetchError(`"${input}" is not a valid URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new FetchError(`Only http and https URLs can be fetched, not ${url.protocol.slice(0, -1)}`);
  return url;
}

function get(url: URL, options: FetchOptions, signal: AbortSignal): Promise<IncomingMessage> {
  checkLiteralHost(url.hostname, options);
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "GET",
        signal,
        lookup: guardedLookup(options),
        // No pooled keep-alive sockets: each fetch connects to addresses the guard just checked,
        // and nothing stays open to keep the process alive once the server is asked to stop.
        agent: false,
        headers: {
          "user-agent": options.userAgent ?? "mcpkit-web-scraper/1.0",
          accept: "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.8",
          "accept-encoding": "gzip, deflate, br",
        },
      },
      resolve,
    );
    req.on("error", reject);
    req.end();
  });
}

function decoded(response: IncomingMessage): Readable {
  switch ((response.headers["content-encoding"] ?? "").trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return response.pipe(createGunzip());
    case "deflate":
      return response.pipe(createInflate());
    case "br":
      return response.pipe(createBrotliDecompress());
    default:
      return response;
  }
}

/** Reads at most `maxBytes` of the body, then stops the download. */
async function readCapped(response: IncomingMessage, maxBytes: number): Promise<{ body: Buffer; truncated: boolean }> {
  const stream = decoded(response);
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (size + chunk.length > maxBytes) {
        chunks.push(chunk.subarray(0, maxBytes - size));
        size = maxBytes;
        truncated = true;
        break;
      }
      chunks.push(chunk);
      size += chunk.length;
    }
  } finally {
    // Leaving the loop early must close the socket, not leave the server sending.
    response.destroy();
    if (stream !== response) stream.destroy();
  }
  return { body: Buffer.concat(chunks, size), truncated };
}

function describe(error: unknown, url: URL, signal: AbortSignal, timeoutMs: number): Error {
  if (error instanceof FetchError) return error;
  if (error instanceof BlockedAddressError) return new FetchError(error.message);
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof Error && reason.name === "TimeoutError")
      return new FetchError(`Timed out after ${timeoutMs} ms fetching ${url.href}`);
    return reason instanceof Error ? reason : new Error("The fetch was cancelled");
  }
  const code = (error as { code?: string }).code;
  const detail = code === "ENOTFOUND" ? `the host ${url.hostname} was not found` : error instanceof Error ? error.message : String(error);
  return new FetchError(`Could not fetch ${url.href}: ${detail}`);
}

/** GETs `url`, following redirects by hand so that each hop passes the same checks as the first. */
export async function fetchPage(input: string | URL, options: FetchOptions = {}): Promise<FetchedPage> {
  const maxRedirects = options.maxRedirects ?? 5;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  // A timer of our own: an AbortSignal.timeout() held only by AbortSignal.any() can be
  // garbage collected before it fires.
  const deadline = new AbortController();
  setTimeout(() => deadline.abort(new DOMException(`Timed out after ${timeoutMs} ms`, "TimeoutError")), timeoutMs).unref();
  const signal = options.signal ? AbortSignal.any([deadline.signal, options.signal]) : deadline.signal;
  let url = typeof input === "string" ? normalizeUrl(input) : input;
  for (let hop = 0; ; hop++) {
    let response: IncomingMessage;
    try {
      response = await get(url, options, signal);
    } catch (error) {
      throw describe(error, url, signal, timeoutMs);
    }
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (REDIRECTS.has(status) && location) {
      response.destroy();
      if (hop >= maxRedirects)
        throw new FetchError(
          `Too many redirects (more than ${maxRedirects}) starting from ${typeof input === "string" ? input : input.href}`,
        );
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new FetchError(`${url.href} redirected to an invalid URL: ${location}`);
      }
      if (next.protocol !== "http:" && next.protocol !== "https:")
        throw new FetchError(`${url.href} redirected to a ${next.protocol.slice(0, -1)} URL; only http and https are followed`);
      url = next;
      continue;
    }
    if (status >= 400) {
      response.destroy();
      throw new FetchError(`HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ""} from ${url.href}`, status);
    }
    try {
      const { body, truncated } = await readCapped(response, maxBytes);
      return { url: url.href, status, contentType: String(response.headers["content-type"] ?? ""), body, truncated };
    } catch (error) {
      throw describe(error, url, signal, timeoutMs);
    }
  }
}
