/**
 * What must hold for any batch of frames, whatever the transport: every message out is
 * valid JSON-RPC 2.0 and leaks nothing; every request with a valid id gets exactly one
 * answer with that id; nothing else gets an answer but an id-less error; a method the
 * request's era does not define never succeeds. The rules are written from JSON-RPC and
 * MCP, not from the server's own parser, so the two can disagree.
 */
import { FORBIDDEN, idKey, type Frame } from "./frames.ts";

const PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
const SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

const SHARED = [
  "tools/list",
  "tools/call",
  "resources/list",
  "resources/read",
  "resources/templates/list",
  "prompts/list",
  "prompts/get",
  "completion/complete",
];
const ERA_METHODS = {
  modern: new Set([...SHARED, "server/discover", "subscriptions/listen"]),
  legacy: new Set([...SHARED, "ping", "logging/setLevel", "resources/subscribe", "resources/unsubscribe", "initialize"]),
};
/** Codes a request for a method its era lacks may get: not found, or refused before the method is looked at. */
const UNKNOWN_METHOD_CODES = new Set([-32601, -32600, -32602, -32020, -32022]);

export type FrameClass =
  | { kind: "request"; key: string; method: unknown; era: "modern" | "legacy"; wellFormed: boolean }
  | { kind: "invalid"; key?: string }
  | { kind: "notification"; cancels?: string }
  | { kind: "response" };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** What one frame is, as JSON-RPC 2.0 defines it (text decoded as UTF-8 with replacement, like any server). */
export function classify(frame: Frame): FrameClass {
  const text = frame.toString("utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: "invalid" };
  }
  if (!isObject(value)) return { kind: "invalid" };
  const key = "id" in value ? idKey(value.id) : undefined;
  if (value.jsonrpc !== "2.0") return { kind: "invalid", key };
  const params = value.params;
  const paramsOk = params === undefined || (isObject(params) && (params._meta === undefined || isObject(params._meta)));
  if ("id" in value) {
    if (key === undefined) return { kind: "invalid" };
    if (value.method === undefined) return "result" in value || "error" in value ? { kind: "response" } : { kind: "invalid", key };
    const modern = isObject(params) && isObject(params._meta) && params._meta[PROTOCOL_VERSION] !== undefined;
    const wellFormed = paramsOk && typeof value.method === "string" && value.method !== "";
    return { kind: "request", key, method: value.method, era: modern ? "modern" : "legacy", wellFormed };
  }
  if (typeof value.method !== "string" || value.method === "" || !paramsOk) return { kind: "invalid" };
  if (value.method === "notifications/cancelled" && isObject(params)) return { kind: "notification", cancels: idKey(params.requestId) };
  return { kind: "notification" };
}

export interface Failure {
  property: string;
  detail: string;
  /** The frame it is about, when one is known. */
  frame?: number;
}

const clip = (text: string, n = 300) => (text.length > n ? `${text.slice(0, n)}… (${text.length} chars)` : text);

/** Problems with one message the server sent; `idlessErrors` allows an error with no id at all (HTTP transport errors). */
export function checkMessage(text: string, idlessErrors: boolean): string[] {
  const problems: string[] = [];
  const leak = FORBIDDEN.exec(text);
  if (leak) problems.push(`leaks ${JSON.stringify(leak[0])}: ${clip(text.slice(Math.max(0, leak.index - 120)), 400)}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [...problems, `not JSON: ${clip(text)}`];
  }
  if (!isObject(value)) return [...problems, `not a JSON object: ${clip(text)}`];
  if (value.jsonrpc !== "2.0") problems.push(`jsonrpc is ${JSON.stringify(value.jsonrpc)}, not "2.0"`);
  if ("method" in value) {
    if (typeof value.method !== "string" || value.method === "") problems.push("method is not a non-empty string");
    if ("id" in value && idKey(value.id) === undefined)
      problems.push(`server request id ${JSON.stringify(value.id)} is not a string or integer`);
    if ("result" in value || "error" in value) problems.push("a request or notification with result/error members");
    if (value.params !== undefined && !isObject(value.params)) problems.push("params is not an object");
    return problems.map((p) => `${p}: ${clip(text)}`);
  }
  const hasResult = "result" in value;
  const hasError = "error" in value;
  if (hasResult === hasError) problems.push(hasResult ? "both result and error" : "neither result nor error");
  if (hasResult && !isObject(value.result)) problems.push("result is not an object");
  if (hasError) {
    const error = value.error;
    if (!isObject(error)) problems.push("error is not an object");
    else {
      if (typeof error.code !== "number" || !Number.isInteger(error.code))
        problems.push(`error.code ${JSON.stringify(error.code)} is not an integer`);
      if (typeof error.message !== "string") problems.push("error.message is not a string");
    }
  }
  if (!("id" in value)) {
    if (!(hasError && idlessErrors)) problems.push("no id member");
  } else if (value.id !== null && idKey(value.id) === undefined)
    problems.push(`id ${JSON.stringify(value.id)} is not a string, integer or null`);
  else if (value.id === null && hasResult) problems.push("a result with id null");
  return problems.map((p) => `${p}: ${clip(text)}`);
}

export interface Observed {
  /** Every message the server sent while the batch ran (answers, notifications, its own requests). */
  out: string[];
  /** Answers to the client's answers (HTTP: the replies to POSTed responses): checked, not counted. */
  side: string[];
  alive: boolean;
  /** Transport-level trouble: a dropped connection, an exit, an unhandled rejection. */
  trouble: string[];
  /** Ids whose late answers a previous batch allowed (cancelled, listening). */
  late: Set<string>;
  idlessErrors: boolean;
  /** The transport serves one legacy revision only (HTTP+SSE): a modern `_meta` there is just metadata. */
  legacyOnly?: boolean;
}

/** Every failure of one batch. */
export function checkBatch(frames: Frame[], observed: Observed): Failure[] {
  const failures: Failure[] = [];
  const classes = frames.map(classify).map((c) => (observed.legacyOnly && c.kind === "request" ? { ...c, era: "legacy" as const } : c));
  for (const text of [...observed.out, ...observed.side]) {
    for (const problem of checkMessage(text, observed.idlessErrors)) {
      failures.push({
        property: problem.startsWith("leaks") ? "no leak" : "valid JSON-RPC",
        detail: problem,
        frame: frameOfText(text, classes),
      });
    }
  }
  if (!observed.alive) failures.push({ property: "never exits", detail: "the server process exited" });
  for (const trouble of observed.trouble) failures.push({ property: "never exits", detail: trouble });

  const answers = new Map<string, unknown[]>();
  const acks = new Set<string>();
  let idless = 0;
  for (const text of observed.out) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      continue;
    }
    if (!isObject(value)) continue;
    if (typeof value.method === "string") {
      const meta = isObject(value.params) ? value.params._meta : undefined;
      if (value.method === "notifications/subscriptions/acknowledged" && isObject(meta)) {
        const key = idKey(meta[SUBSCRIPTION_ID]);
        if (key) acks.add(key);
      }
      continue;
    }
    const key = idKey(value.id);
    if (key === undefined) {
      idless++;
      continue;
    }
    let list = answers.get(key);
    if (!list) answers.set(key, (list = []));
    list.push(value);
  }
  const cancelled = new Set(classes.flatMap((c) => (c.kind === "notification" && c.cancels ? [c.cancels] : [])));
  const owners = new Map<string, number>();
  classes.forEach((c, i) => {
    if ((c.kind === "request" || c.kind === "invalid") && c.key) owners.set(c.key, i);
  });
  // Over HTTP a POSTed response the server cannot take may get a 400 whose error has no id (Streamable HTTP, "Sending Messages to the Server").
  const invalidFrames = classes.filter((c) => c.kind === "invalid" || (observed.idlessErrors && c.kind === "response")).length;

  classes.forEach((c, i) => {
    const got = c.kind === "request" || c.kind === "invalid" ? (answers.get(c.key ?? "")?.length ?? 0) : 0;
    if (c.kind === "request") {
      const listening = c.method === "subscriptions/listen" && acks.has(c.key);
      if (got > 1) failures.push({ property: "exactly one answer", detail: `${got} answers with id ${c.key}`, frame: i });
      else if (got === 0 && !listening && !cancelled.has(c.key))
        failures.push({ property: "exactly one answer", detail: `no answer with id ${c.key}`, frame: i });
      if (got >= 1 && c.wellFormed && typeof c.method === "string" && !ERA_METHODS[c.era].has(c.method)) {
        const answer = answers.get(c.key)![0] as Record<string, unknown>;
        const code = isObject(answer.error) ? answer.error.code : undefined;
        if (!("error" in answer))
          failures.push({
            property: "unknown methods are -32601",
            detail: `${c.era} method ${JSON.stringify(c.method)} answered with a result: ${clip(JSON.stringify(answer))}`,
            frame: i,
          });
        else if (!UNKNOWN_METHOD_CODES.has(code as number))
          failures.push({
            property: "unknown methods are -32601",
            detail: `${c.era} method ${JSON.stringify(c.method)} answered with code ${String(code)}: ${clip(JSON.stringify(answer))}`,
            frame: i,
          });
      }
    } else if (c.kind === "invalid" && got > 1) {
      failures.push({ property: "exactly one answer", detail: `${got} answers with id ${c.key} to an invalid message`, frame: i });
    }
  });
  for (const [key, list] of answers) {
    if (!owners.has(key) && !observed.late.has(key)) {
      failures.push({
        property: "answers only requests",
        detail: `an answer with id ${key} that no request in the batch carries: ${clip(JSON.stringify(list[0]))}`,
      });
    }
  }
  if (idless > invalidFrames)
    failures.push({ property: "answers only requests", detail: `${idless} id-less errors for ${invalidFrames} invalid messages` });
  return failures;
}

/** The frame an outbound message answers, when its id names one. */
function frameOfText(text: string, classes: FrameClass[]): number | undefined {
  let key: string | undefined;
  try {
    key = idKey((JSON.parse(text) as Record<string, unknown>)?.id);
  } catch {
    return undefined;
  }
  if (key === undefined) return undefined;
  const index = classes.findIndex((c) => (c.kind === "request" || c.kind === "invalid") && c.key === key);
  return index < 0 ? undefined : index;
}
