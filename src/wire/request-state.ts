/**
 * `requestState` for modern multi-round requests. The client echoes it back untouched, so
 * it is signed (HMAC-SHA256) and bound to the request it was issued for and to a deadline:
 * a tampered, expired or transplanted state is rejected with -32602.
 */
import { invalidParams } from "../protocol/errors.ts";
import { nodeCrypto } from "../protocol/node-crypto.ts";
import type { RoundState } from "../server/context.ts";

export interface RequestStateOptions {
  /** Shared by every instance behind one load balancer; random per process when omitted. */
  secret?: string | Uint8Array;
  ttlMs?: number;
}

interface Payload extends RoundState {
  /** Binding: hash of method, target, arguments and principal. */
  b: string;
  /** Expiry, epoch milliseconds. */
  e: number;
}

export class RequestStateSigner {
  private secret: Uint8Array | undefined;
  private readonly ttlMs: number;

  constructor(options: RequestStateOptions = {}) {
    this.secret = typeof options.secret === "string" ? Buffer.from(options.secret) : options.secret;
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
  }

  /** The HMAC key: the configured secret, or random bytes drawn once per signer. */
  private get key(): Uint8Array {
    return (this.secret ??= nodeCrypto().randomBytes(32));
  }

  sign(round: RoundState, binding: string): string {
    const payload: Payload = { responses: round.responses, steps: round.steps, b: binding, e: Date.now() + this.ttlMs };
    const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
    return `${body}.${this.mac(body)}`;
  }

  /** The round state inside a `requestState`, or -32602 saying why it was refused. */
  verify(token: unknown, binding: string): RoundState {
    if (typeof token !== "string") throw invalidParams("Invalid requestState: expected the string the server issued");
    const dot = token.lastIndexOf(".");
    const body = token.slice(0, dot);
    // The signature is compared as the exact text issued: decoding first would accept padding,
    // stray characters and other spellings of the same bytes.
    const given = Buffer.from(token.slice(dot + 1), "utf8");
    const expected = Buffer.from(this.mac(body), "utf8");
    if (dot <= 0 || given.length !== expected.length || !nodeCrypto().timingSafeEqual(given, expected)) {
      throw invalidParams("Invalid requestState: signature check failed (tampered or from another server)");
    }
    let payload: Payload;
    try {
      payload = JSON.parse(Buffer.from(body, "base64url").toString()) as Payload;
    } catch {
      throw invalidParams("Invalid requestState: unreadable");
    }
    if (payload.e < Date.now()) throw invalidParams("Invalid requestState: expired; start the request again");
    if (payload.b !== binding) throw invalidParams("Invalid requestState: it was issued for a different request");
    return { responses: payload.responses ?? {}, steps: payload.steps ?? {} };
  }

  private mac(body: string): string {
    return nodeCrypto().createHmac("sha256", this.key).update(body).digest("base64url");
  }
}

/** A stable digest of what a multi-round request is about, so its state cannot be reused elsewhere. */
export function requestBinding(method: string, params: Record<string, unknown>, principal: string | undefined): string {
  const target = params.name ?? params.uri ?? "";
  const text = `${method}\n${stableStringify(target)}\n${stableStringify(params.arguments ?? {})}\n${principal ?? "anonymous"}`;
  return nodeCrypto().createHmac("sha256", "mcpkit-binding").update(text).digest("base64url").slice(0, 22);
}

function stableStringify(value: unknown): string {
  if (typeof value !== "object" || value === null) return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`).join(",")}}`;
}
