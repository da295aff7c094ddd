/**
 * fast-check generators for what a hostile or broken client sends: requests for every
 * method with good, wrong-typed and prototype-named params, odd ids, notifications, stray
 * responses, and raw frames (truncated JSON, invalid UTF-8, deep nesting, garbage).
 * A frame is the bytes of one message, without the newline that stdio adds.
 */
import fc from "fast-check";
import { PROMPT_NAMES, RESOURCE_URIS, TEMPLATE_URIS, TOOL_NAMES } from "./fixtures/fuzz-server.ts";

export type Era = "modern" | "legacy";
export type Frame = Buffer;

export const MODERN = "2026-07-28";
export const LEGACY = "2025-11-25";

export const PROTO_NAMES = [
  "constructor",
  "__proto__",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "__defineGetter__",
  "__lookupGetter__",
  "__defineSetter__",
  "__lookupSetter__",
  "prototype",
  "then",
  "length",
  "name",
  "call",
  "apply",
] as const;

export const METHODS = [
  "tools/list",
  "tools/call",
  "resources/list",
  "resources/read",
  "resources/templates/list",
  "prompts/list",
  "prompts/get",
  "completion/complete",
  "server/discover",
  "subscriptions/listen",
  "ping",
  "logging/setLevel",
  "resources/subscribe",
  "resources/unsubscribe",
  "initialize",
] as const;

const NOTIFICATIONS = [
  "notifications/cancelled",
  "notifications/initialized",
  "notifications/roots/list_changed",
  "notifications/progress",
] as const;

/** What an answer must never contain: a stack frame, a path, the lifespan secret. Generated text avoids it. */
/** The root the fuzz client reports: tools may echo it (it is the client's own), so it is no leak. */
export const CLIENT_ROOT = "file:///client-root";

// A file URL is a leak (stack traces of ESM modules are made of them), except the client's own root.
export const FORBIDDEN = / {4}at |\/work\/|\/tmp\/|node_modules|\.ts:|file:\/\/(?!\/client-root\b)|LIFESPAN-SECRET/;

const safe = (s: string) => !FORBIDDEN.test(s);

/** An object whose keys become own properties, `__proto__` included (a literal would set the prototype). */
export function own(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

const protoName = fc.constantFrom(...PROTO_NAMES);

export const oddString: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
    { weight: 3, arbitrary: protoName },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        "",
        " ",
        "\u0000",
        "\u2028",
        "\ufeff",
        "é",
        "𝄞",
        "\ud800",
        "\udfff",
        "a\ud800b",
        "../../etc/passwd",
        "%00",
        "${x}",
        "{id}",
        "\r",
        "\n",
        "1e999",
      ),
    },
    { weight: 1, arbitrary: fc.string({ minLength: 300, maxLength: 3000 }) },
  )
  .filter(safe);

const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  oddString,
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.constant({}),
);

/** Nesting around a leaf, as arrays or objects (some past the parser's 128-level guard). */
const deep: fc.Arbitrary<unknown> = fc.tuple(fc.integer({ min: 20, max: 160 }), fc.boolean()).map(([depth, arrays]) => {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = arrays ? [value] : { k: value };
  return value;
});

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: wrongType },
  { weight: 1, arbitrary: deep },
);

/** A record keyed by prototype names and odd strings. */
const protoRecord: fc.Arbitrary<Record<string, unknown>> = fc
  .array(fc.tuple(fc.oneof(protoName, oddString), anyValue), { maxLength: 4 })
  .map(own);

const pick = <T>(good: fc.Arbitrary<T>, ...bad: fc.Arbitrary<unknown>[]) =>
  fc.oneof({ weight: 6, arbitrary: good as fc.Arbitrary<unknown> }, ...bad.map((arbitrary) => ({ weight: 1, arbitrary })));

const toolName = pick(fc.constantFrom(...TOOL_NAMES), protoName, oddString, wrongType);
const promptName = pick(fc.constantFrom(...PROMPT_NAMES), protoName, oddString, wrongType);
const uri = pick(
  fc.constantFrom(...RESOURCE_URIS),
  fc.oneof(protoName, oddString).map((s) => `item://${s}`),
  protoName,
  oddString,
  wrongType,
);

const toolArgs = pick(
  fc.oneof(
    fc.record({ text: pick(oddString, wrongType) }),
    fc.record({ a: pick(fc.double(), wrongType), b: pick(fc.integer(), wrongType) }),
    fc.record({ items: fc.array(fc.record({ k: pick(oddString, wrongType) }), { maxLength: 3 }) }),
    fc.constant({}),
  ),
  protoRecord,
  wrongType,
  deep,
);

/** Modern multi-round fields: forged states and answers to questions never asked. */
const roundFields = fc.record(
  {
    requestState: pick(fc.base64String({ maxLength: 80 }), oddString, wrongType),
    inputResponses: pick(fc.constant({ name: { action: "accept", content: { name: "x" } } }), protoRecord, wrongType),
  },
  { requiredKeys: [] },
);

const PARAMS = new Map<string, fc.Arbitrary<Record<string, unknown>>>(
  Object.entries({
    "tools/call": fc
      .tuple(fc.record({ name: toolName, arguments: toolArgs }, { requiredKeys: ["name"] }), fc.option(roundFields, { freq: 4 }))
      .map(([p, round]) => ({ ...p, ...round })),
    "resources/read": fc.tuple(fc.record({ uri }), fc.option(roundFields, { freq: 6 })).map(([p, round]) => ({ ...p, ...round })),
    "resources/subscribe": fc.record({ uri }),
    "resources/unsubscribe": fc.record({ uri }),
    "prompts/get": fc
      .tuple(
        fc.record(
          {
            name: promptName,
            arguments: pick(fc.record({ name: pick(oddString, wrongType), tone: oddString }, { requiredKeys: [] }), protoRecord, wrongType),
          },
          { requiredKeys: ["name"] },
        ),
        fc.option(roundFields, { freq: 6 }),
      )
      .map(([p, round]) => ({ ...p, ...round })),
    "completion/complete": fc.record(
      {
        ref: pick(
          fc.oneof(
            fc.record({ type: fc.constant("ref/prompt"), name: promptName }),
            fc.record({
              type: fc.constant("ref/resource"),
              uri: pick(fc.constantFrom(...TEMPLATE_URIS, ...RESOURCE_URIS), oddString, protoName),
            }),
          ),
          fc.record({ type: pick(oddString, wrongType), name: protoName }),
          wrongType,
        ),
        argument: pick(
          fc.record({ name: pick(fc.constantFrom("id", "name", "tone"), protoName, oddString), value: pick(oddString, wrongType) }),
          protoRecord,
          wrongType,
        ),
        context: fc.record({ arguments: pick(protoRecord, wrongType) }),
      },
      { requiredKeys: ["ref", "argument"] },
    ),
    "logging/setLevel": fc.record({ level: pick(fc.constantFrom("debug", "info", "error", "emergency"), protoName, oddString, wrongType) }),
    "subscriptions/listen": fc.record(
      {
        notifications: pick(
          fc.record(
            {
              toolsListChanged: fc.boolean(),
              resourceSubscriptions: fc.array(pick(fc.constantFrom(...RESOURCE_URIS), protoName, wrongType), { maxLength: 3 }),
            },
            { requiredKeys: [] },
          ),
          wrongType,
        ),
      },
      { requiredKeys: [] },
    ),
    initialize: fc.record(
      {
        protocolVersion: pick(fc.constantFrom(LEGACY, "2024-11-05", "2025-03-26", MODERN), oddString, wrongType),
        capabilities: pick(
          fc.record({ elicitation: fc.constant({}), sampling: fc.constant({}), roots: fc.constant({}) }, { requiredKeys: [] }),
          protoRecord,
          wrongType,
        ),
        clientInfo: pick(fc.record({ name: oddString, version: oddString }), wrongType),
      },
      { requiredKeys: [] },
    ),
    "tools/list": fc.record({ cursor: pick(oddString, wrongType) }, { requiredKeys: [] }),
    "prompts/list": fc.record({ cursor: pick(oddString, wrongType) }, { requiredKeys: [] }),
    "resources/list": fc.record({ cursor: pick(oddString, wrongType) }, { requiredKeys: [] }),
    "resources/templates/list": fc.record({ cursor: pick(oddString, wrongType) }, { requiredKeys: [] }),
  }),
);
const genericParams = pick(fc.constant({}), protoRecord);

const capabilities = pick(
  fc.record({ elicitation: fc.constant({}), sampling: fc.constant({}), roots: fc.constant({}) }, { requiredKeys: [] }),
  protoRecord,
  wrongType,
);

/** The per-request `_meta` of the modern era: valid mostly, sometimes broken in one place. */
const modernMeta: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({
        version: fc.constant(MODERN),
        capabilities,
        logLevel: fc.option(pick(fc.constantFrom("debug", "error"), protoName, oddString), { freq: 4 }),
        clientInfo: fc.option(pick(fc.record({ name: oddString, version: oddString }), wrongType), { freq: 3 }),
      })
      .map(({ version, capabilities: caps, logLevel, clientInfo }) => {
        const meta: [string, unknown][] = [
          ["io.modelcontextprotocol/protocolVersion", version],
          ["io.modelcontextprotocol/clientCapabilities", caps],
        ];
        if (logLevel !== null) meta.push(["io.modelcontextprotocol/logLevel", logLevel]);
        if (clientInfo !== null) meta.push(["io.modelcontextprotocol/clientInfo", clientInfo]);
        return own(meta);
      }),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ version: pick(fc.constantFrom(LEGACY, "2099-01-01"), oddString, wrongType), extra: protoRecord })
      .map(({ version, extra }) => own([["io.modelcontextprotocol/protocolVersion", version], ...Object.entries(extra)])),
  },
  { weight: 1, arbitrary: wrongType },
);

const legacyMeta: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.record({ progressToken: pick(fc.integer(), oddString, wrongType) }) },
  { weight: 1, arbitrary: protoRecord },
  { weight: 1, arbitrary: modernMeta },
);

/** A request id in every shape: integers big and negative, unicode and long strings, and invalid ones. */
export const requestId: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 100_000 }) },
  { weight: 2, arbitrary: fc.constantFrom(2 ** 53, 2 ** 53 + 2, 2 ** 63, 1e21, 1e300, Number.MAX_SAFE_INTEGER, -(2 ** 53), 0, -1) },
  { weight: 2, arbitrary: fc.integer({ min: -(2 ** 31), max: -1 }) },
  { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 16 }).filter(safe) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 8 }).filter(safe) },
  { weight: 1, arbitrary: fc.string({ minLength: 500, maxLength: 2000 }).filter(safe) },
  { weight: 1, arbitrary: protoName },
  { weight: 2, arbitrary: fc.oneof(fc.double({ noInteger: true }), fc.constant(null), fc.boolean(), fc.constant({}), fc.constant([1])) },
);

const jsonrpc = pick(fc.constant("2.0"), fc.constantFrom("1.0", "2", 2, null, "2.0 "));

/** A request for any method (or a made-up or prototype name), its envelope sometimes broken. */
export function requestValue(era: Era): fc.Arbitrary<Record<string, unknown>> {
  const method = fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom(...METHODS) },
    { weight: 3, arbitrary: protoName },
    { weight: 1, arbitrary: oddString },
    { weight: 1, arbitrary: wrongType },
  );
  return method
    .chain((m) =>
      fc.record({
        jsonrpc,
        id: requestId,
        method: fc.constant(m),
        params: pick((typeof m === "string" ? PARAMS.get(m) : undefined) ?? genericParams, wrongType, deep, fc.constant(undefined)),
        meta: era === "modern" ? modernMeta : legacyMeta,
        // Rarely, the members of a response as well.
        confused: fc.option(fc.record({ result: anyValue, error: anyValue }, { requiredKeys: [] }), { freq: 30 }),
      }),
    )
    .map(({ jsonrpc: version, id, method: m, params, meta, confused }) => {
      const entries: [string, unknown][] = [];
      if (version !== undefined) entries.push(["jsonrpc", version]);
      entries.push(["id", id], ["method", m]);
      if (params !== undefined) {
        const withMeta =
          typeof params === "object" && params !== null && !Array.isArray(params) && meta !== undefined
            ? own([...Object.entries(params as Record<string, unknown>), ["_meta", meta]])
            : params;
        entries.push(["params", withMeta]);
      } else if (meta !== undefined) entries.push(["params", own([["_meta", meta]])]);
      if (confused) entries.push(...Object.entries(confused));
      return own(entries);
    });
}

function notificationValue(era: Era): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      method: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...NOTIFICATIONS) },
        { weight: 1, arbitrary: protoName },
        { weight: 1, arbitrary: oddString },
      ),
      params: pick(
        fc.record(
          {
            requestId: pick(fc.integer({ min: 0, max: 100_000 }), requestId),
            reason: oddString,
            progressToken: oddString,
            progress: fc.double(),
          },
          { requiredKeys: [] },
        ),
        protoRecord,
        wrongType,
      ),
      meta: era === "modern" ? modernMeta : legacyMeta,
    })
    .map(({ method, params, meta }) => {
      const withMeta =
        typeof params === "object" && params !== null && !Array.isArray(params) && meta !== undefined
          ? own([...Object.entries(params as Record<string, unknown>), ["_meta", meta]])
          : params;
      return own([
        ["jsonrpc", "2.0"],
        ["method", method],
        ["params", withMeta],
      ]);
    });
}

/** Answers to requests the server never sent (and malformed ones). */
const strayResponse = fc
  .record(
    { id: requestId, result: anyValue, error: pick(fc.record({ code: fc.integer(), message: oddString }), anyValue) },
    { requiredKeys: ["id"] },
  )
  .map((r) => own([["jsonrpc", "2.0"], ...Object.entries(r)]));

const BAD_UTF8 = [
  [0x80],
  [0xbf],
  [0xc0, 0xaf],
  [0xc1, 0xbf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf5, 0x80],
  [0xff],
  [0xfe],
  [0xf0, 0x9f],
  [0xe2, 0x82],
];

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8");

/** Raw frames: what a broken encoder or a cut connection produces. */
function rawFrame(era: Era): fc.Arbitrary<Frame> {
  const request = requestValue(era).map(bytes);
  return fc
    .oneof(
      fc.tuple(request, fc.nat()).map(([b, n]) => b.subarray(0, n % Math.max(1, b.length))),
      fc.tuple(request, fc.nat(), fc.constantFrom(...BAD_UTF8)).map(([b, n, bad]) => {
        const at = n % (b.length + 1);
        return Buffer.concat([b.subarray(0, at), Buffer.from(bad), b.subarray(at)]);
      }),
      fc
        .tuple(
          fc.integer({ min: 100, max: 20_000 }),
          fc.constantFrom("[", '{"a":', '{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":'),
        )
        .map(([n, open]) => Buffer.from(open.repeat(n))),
      fc
        .oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 }))
        .filter(safe)
        .map((s) => Buffer.from(s)),
      fc
        .constantFrom(
          "[]",
          "[{}]",
          "null",
          "1",
          '"x"',
          "{}",
          "\ufeff{}",
          "   ",
          '{"jsonrpc":"2.0","id":1,"method":"ping"}{"jsonrpc":"2.0","id":2}',
          "[" + JSON.stringify({ jsonrpc: "2.0", id: 3, method: "ping" }) + "]",
        )
        .map((s) => Buffer.from(s)),
    )
    .map((b) => Buffer.from(b.toString("latin1").replaceAll("\n", " "), "latin1"));
}

export function frame(era: Era): fc.Arbitrary<Frame> {
  return fc.oneof(
    { weight: 14, arbitrary: requestValue(era).map(bytes) },
    { weight: 2, arbitrary: notificationValue(era).map(bytes) },
    { weight: 1, arbitrary: strayResponse.map(bytes) },
    { weight: 3, arbitrary: rawFrame(era) },
  );
}

/** How the client answers the server's own requests (elicitation, sampling, roots): good, bad, odd. */
export const clientAnswer: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.constant({ result: { action: "accept", content: { name: "Ada" } } }),
  fc.constant({ result: { action: "decline" } }),
  fc.constant({ result: { role: "assistant", content: { type: "text", text: "hi" }, model: "m" } }),
  fc.constant({ result: { roots: [{ uri: CLIENT_ROOT }] } }),
  fc.constant({ error: { code: null, message: { nested: "object" } } }),
  fc.constant({ error: { code: -1, message: "no" } }),
  fc.record({ result: anyValue }),
  fc.record({ error: anyValue }),
  protoRecord.map((r) => ({ result: r })),
);

export interface Batch {
  frames: Frame[];
  answers: Record<string, unknown>[];
  /** Where the stdio byte stream is cut into chunks (exercises decoding across chunk borders). */
  cuts: number[];
}

/** Several frames, their request ids unique once parsed (a duplicate in flight is a different rule). */
/** Batches of up to `maxFrames` frames; `minFrames` makes them long (the fuzzer's long mode). */
export function batch(era: Era, maxFrames: number, minFrames = 1): fc.Arbitrary<Batch> {
  return fc
    .record({
      frames: fc.array(frame(era), { minLength: minFrames, maxLength: maxFrames }),
      answers: fc.array(clientAnswer, { minLength: 1, maxLength: 4 }),
      cuts: fc.array(fc.nat(), { maxLength: 4 }),
    })
    .map(({ frames, answers, cuts }) => ({ frames: uniqueIds(frames), answers, cuts }));
}

function uniqueIds(frames: Frame[]): Frame[] {
  const seen = new Set<string>();
  return frames.filter((f) => {
    const text = f.toString("utf8");
    if (FORBIDDEN.test(text)) return false;
    const key = idKeyOfText(text);
    if (key === undefined) return true;
    if (seen.has(key) || key.startsWith("string:fuzz-")) return false;
    seen.add(key);
    return true;
  });
}

/** The id a frame carries once parsed (string or integer), as a comparable key. */
export function idKeyOfText(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  return idKey((value as Record<string, unknown>).id);
}

export function idKey(id: unknown): string | undefined {
  if (typeof id === "string") return `string:${id}`;
  if (typeof id === "number" && Number.isInteger(id)) return `number:${String(id)}`;
  return undefined;
}
