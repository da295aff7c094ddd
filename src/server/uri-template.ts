/**
 * RFC 6570 URI templates (https://www.rfc-editor.org/rfc/rfc6570), dependency-free.
 *
 * MCP resource templates are used in both directions: `expand()` builds a concrete URI
 * from variables (full level 4), and `match()` routes a `resources/read` URI back to its
 * template and extracts the variables. The matcher is compiled once, at construction,
 * into one anchored RegExp whose shape keeps matching linear (see `compileMatcher`).
 */

// Templates and URIs come from registrations and from clients; cap what we parse and scan.
const MAX_TEMPLATE_LENGTH = 2000;
const MAX_EXPRESSIONS = 50;
const MAX_URI_LENGTH = 16 * 1024;

type Operator = "" | "+" | "#" | "." | "/" | ";" | "?" | "&";

/** The expansion table of RFC 6570 appendix A, one row per operator. */
interface OperatorRule {
  first: string;
  sep: string;
  named: boolean;
  ifEmpty: string;
  allowReserved: boolean;
}

const RULES: Record<Operator, OperatorRule> = {
  "": { first: "", sep: ",", named: false, ifEmpty: "", allowReserved: false },
  "+": { first: "", sep: ",", named: false, ifEmpty: "", allowReserved: true },
  "#": { first: "#", sep: ",", named: false, ifEmpty: "", allowReserved: true },
  ".": { first: ".", sep: ".", named: false, ifEmpty: "", allowReserved: false },
  "/": { first: "/", sep: "/", named: false, ifEmpty: "", allowReserved: false },
  ";": { first: ";", sep: ";", named: true, ifEmpty: "", allowReserved: false },
  "?": { first: "?", sep: "&", named: true, ifEmpty: "=", allowReserved: false },
  "&": { first: "&", sep: "&", named: true, ifEmpty: "=", allowReserved: false },
};

interface VarSpec {
  name: string;
  /** `{var:3}`: at most this many characters of the value. */
  prefix?: number;
  /** `{list*}`: one item per list member or key/value pair. */
  explode: boolean;
}

interface Expression {
  op: Operator;
  vars: VarSpec[];
}

/** A template is literal text (stored already percent-encoded) and expressions. */
type Part = string | Expression;

/** A value `expand()` accepts; associative arrays (level 4 `keys`) expand in insertion order. */
export type UriTemplateValue = string | number | boolean | readonly string[] | Readonly<Record<string, string>> | null | undefined;

export class UriTemplate {
  readonly template: string;
  readonly variableNames: string[];
  private readonly parts: Part[];
  private readonly matcher: RegExp;
  /** The expression (or merged query expressions) behind each capture group, in group order. */
  private readonly slots: Expression[];

  constructor(template: string) {
    this.template = template;
    this.parts = parse(template);
    const names = this.parts.flatMap((part) => (typeof part === "string" ? [] : part.vars.map((v) => v.name)));
    this.variableNames = [...new Set(names)];
    const segments = mergeQueries(this.parts);
    this.matcher = compileMatcher(segments);
    this.slots = segments.filter((segment): segment is Expression => typeof segment !== "string");
  }

  /** True if `value` has at least one `{expression}`, i.e. is meant as a template rather than a URI. */
  static isTemplate(value: string): boolean {
    return /\{[^{}]+\}/.test(value);
  }

  expand(variables: Readonly<Record<string, UriTemplateValue>>): string {
    let out = "";
    for (const part of this.parts) out += typeof part === "string" ? part : expandExpression(part, variables);
    return out;
  }

  /** The variables of a concrete URI this template could have produced, or undefined. */
  match(uri: string): Record<string, string | string[]> | undefined {
    if (uri.length > MAX_URI_LENGTH) return undefined;
    const found = this.matcher.exec(uri);
    if (!found) return undefined;
    const out = new Captured();
    try {
      for (let i = 0; i < this.slots.length; i++) {
        if (!readSlot(this.slots[i], found[i + 1], out)) return undefined;
      }
    } catch (error) {
      // A malformed %-escape only means this URI is not one of ours.
      if (error instanceof URIError) return undefined;
      throw error;
    }
    return out.finish();
  }
}

// ---------------------------------------------------------------------------
// Parsing

function parse(template: string): Part[] {
  const fail = (message: string): never => {
    const shown = template.length > 80 ? `${template.slice(0, 77)}...` : template;
    throw new Error(`Invalid URI template "${shown}": ${message}`);
  };
  if (template.length > MAX_TEMPLATE_LENGTH) fail(`longer than ${MAX_TEMPLATE_LENGTH} characters`);

  const parts: Part[] = [];
  let expressions = 0;
  let pos = 0;
  while (pos < template.length) {
    const open = template.indexOf("{", pos);
    const stray = template.indexOf("}", pos);
    if (stray !== -1 && (open === -1 || stray < open)) fail(`unmatched "}" at position ${stray}`);
    if (open === -1) {
      parts.push(encodeValue(template.slice(pos), true));
      break;
    }
    if (open > pos) parts.push(encodeValue(template.slice(pos, open), true));
    const close = template.indexOf("}", open);
    if (close === -1) fail(`unclosed "{" at position ${open}`);
    const inner = template.indexOf("{", open + 1);
    if (inner !== -1 && inner < close) fail(`"{" inside the expression at position ${open}`);
    if (++expressions > MAX_EXPRESSIONS) fail(`more than ${MAX_EXPRESSIONS} expressions`);
    parts.push(parseExpression(template.slice(open + 1, close), open, fail));
    pos = close + 1;
  }
  return parts;
}

function parseExpression(body: string, at: number, fail: (message: string) => never): Expression {
  if (body === "") fail(`empty expression at position ${at}`);
  let op: Operator = "";
  if ("+#./;?&".includes(body[0])) op = body[0] as Operator;
  else if ("=,!@|".includes(body[0])) fail(`operator "${body[0]}" at position ${at} is reserved by RFC 6570`);
  const vars = body
    .slice(op.length)
    .split(",")
    .map((spec): VarSpec => {
      let name = spec;
      let prefix: number | undefined;
      const explode = name.endsWith("*");
      if (explode) name = name.slice(0, -1);
      const colon = name.indexOf(":");
      if (colon !== -1) {
        if (explode) fail(`"${spec}" has both a prefix and an explode modifier`);
        const digits = name.slice(colon + 1);
        if (!/^[1-9][0-9]{0,3}$/.test(digits)) fail(`the prefix length in "${spec}" must be a number from 1 to 9999`);
        prefix = Number(digits);
        name = name.slice(0, colon);
      }
      if (!isVarName(name)) fail(name === "" ? `empty variable name in "{${body}}"` : `"${name}" is not a valid variable name`);
      return prefix === undefined ? { name, explode } : { name, prefix, explode };
    });
  return { op, vars };
}

/** varname = varchar *( ["."] varchar ), varchar = ALPHA / DIGIT / "_" / pct-encoded. */
function isVarName(name: string): boolean {
  return name.split(".").every((piece) => /^(?:\w|%[0-9A-Fa-f]{2})+$/.test(piece));
}

// ---------------------------------------------------------------------------
// Expansion (RFC 6570 section 3.2.1)

function expandExpression(expr: Expression, variables: Readonly<Record<string, UriTemplateValue>>): string {
  const rule = RULES[expr.op];
  const items: string[] = [];
  for (const spec of expr.vars) {
    // Only own properties: a variable called "constructor" must not find Object.prototype's.
    const value = Object.hasOwn(variables, spec.name) ? variables[spec.name] : undefined;
    const item = expandVariable(spec, value, rule);
    if (item !== undefined) items.push(item);
  }
  return items.length === 0 ? "" : rule.first + items.join(rule.sep);
}

/** One variable's share of an expression, or undefined when it is undefined and so skipped. */
function expandVariable(spec: VarSpec, value: UriTemplateValue, rule: OperatorRule): string | undefined {
  const encode = (text: string) => encodeValue(text, rule.allowReserved);
  const named = (name: string, text: string) => (text === "" ? name + rule.ifEmpty : `${name}=${encode(text)}`);
  if (value === undefined || value === null) return undefined;

  if (typeof value !== "object") {
    let text = String(value);
    if (spec.prefix !== undefined) text = truncate(text, spec.prefix, rule.allowReserved);
    return rule.named ? named(spec.name, text) : encode(text);
  }

  // RFC 6570 section 2.4.1: prefixes don't apply to composite values; say so rather than guess.
  if (spec.prefix !== undefined)
    throw new Error(`URI template variable "${spec.name}" has a prefix modifier but its value is a list or map`);
  // Empty lists and maps count as undefined.
  const list = Array.isArray(value) ? (value as readonly unknown[]).filter((x) => x !== undefined && x !== null).map(String) : undefined;
  const pairs = list
    ? []
    : Object.entries(value)
        .filter(([, x]) => x !== undefined && x !== null)
        .map(([k, x]) => [k, String(x)]);
  if (list ? list.length === 0 : pairs.length === 0) return undefined;

  if (!spec.explode) {
    const joined = (list ?? pairs.flat()).map(encode).join(",");
    return rule.named ? `${spec.name}=${joined}` : joined;
  }
  if (list) return list.map((x) => (rule.named ? named(spec.name, x) : encode(x))).join(rule.sep);
  return pairs.map(([k, x]) => (rule.named ? named(encode(k), x) : `${encode(k)}=${encode(x)}`)).join(rule.sep);
}

/** The first `max` characters: code points, not UTF-16 units, and a %XX triplet counts as one in reserved expansion. */
function truncate(text: string, max: number, allowReserved: boolean): string {
  const chars = text.match(allowReserved ? /%[0-9A-Fa-f]{2}|[^]/gu : /[^]/gu) ?? [];
  return chars.slice(0, max).join("");
}

/**
 * Percent-encodes a value: everything but unreserved characters, or, for reserved
 * expansion (and template literals), everything but unreserved, reserved and existing %XX.
 */
function encodeValue(text: string, allowReserved: boolean): string {
  // encodeURIComponent throws on lone surrogates; encode U+FFFD in their place instead.
  const wellFormed = text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
  if (!allowReserved) return encodeURIComponent(wellFormed).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return wellFormed.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+/g, (run) => encodeURIComponent(run));
}

// ---------------------------------------------------------------------------
// Matching
//
// Each expression becomes one capture group. To stay linear on hostile input, every group
// is matched possessively (`(?=(X))\1` is JavaScript's atomic group: it never gives back
// characters), and a group's character class stops at whatever can follow it in the
// template, so the greedy take is also the right one: in `{name}{.ext}`, `name` stops at ".".
//
// The exception is a multi-segment expression ({+x}, {#x}, {/x*}) followed by text it can
// also contain, as in `{+dir}/{file}`: it must give characters back to find the last "/".
// One such group may backtrack per template. Every later group also stops at the characters
// that group stops at, so each retry costs a bounded amount of work; in `{+a}/{+b}/x` that
// makes `b` a single segment. Later groups that would need to backtrack too stay
// possessive, and the template may then not match a URI it could have produced.

/** Query expressions side by side ({?a}{&b}) form one query string, parameters in any order. */
function mergeQueries(parts: Part[]): Part[] {
  const out: Part[] = [];
  for (const part of parts) {
    const prev = out[out.length - 1];
    if (typeof part !== "string" && part.op === "&" && typeof prev === "object" && (prev.op === "?" || prev.op === "&")) {
      out[out.length - 1] = { op: prev.op, vars: [...prev.vars, ...part.vars] };
    } else {
      out.push(part);
    }
  }
  return out;
}

interface Shape {
  /** The operator's leading character, which makes the expression optional; "" when required. */
  lead: string;
  /** Characters its text can never contain. */
  excluded: string;
  /** Whether it can span "/" and so may need to backtrack. */
  spans: boolean;
  /** How many `lead`-prefixed runs it captures ({/a,b} is two path segments). */
  runs: number;
}

function shapeOf(expr: Expression): Shape {
  switch (expr.op) {
    case "":
      return { lead: "", excluded: "/?#", spans: false, runs: 1 };
    case "+":
      return { lead: "", excluded: "", spans: true, runs: 1 };
    case "#":
      return { lead: "#", excluded: "", spans: true, runs: 1 };
    case "/": {
      const spans = expr.vars.some((v) => v.explode);
      return { lead: "/", excluded: spans ? "?#" : "/?#", spans, runs: spans ? 1 : expr.vars.length };
    }
    case ".":
    case ";":
      return { lead: expr.op, excluded: "/?#", spans: false, runs: 1 };
    case "?":
    case "&":
      return { lead: expr.op, excluded: "#", spans: false, runs: 1 };
  }
}

/** First characters of what can come right after segment `index`, up to the next required one. */
function followOf(segments: Part[], index: number): { chars: Set<string>; open: boolean } {
  const chars = new Set<string>();
  for (const next of segments.slice(index + 1)) {
    if (typeof next === "string") return { chars: chars.add(next[0]), open: false };
    const { lead } = shapeOf(next);
    // {a}{+b}: the next expression can start with anything.
    if (lead === "") return { chars, open: true };
    chars.add(lead);
  }
  return { chars, open: false };
}

function compileMatcher(segments: Part[]): RegExp {
  let source = "^";
  let group = 0;
  // Set once a group may backtrack: the characters at which it may stop.
  let delimiters: Set<string> | undefined;
  segments.forEach((segment, index) => {
    if (typeof segment === "string") {
      source += segment.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
      return;
    }
    const shape = shapeOf(segment);
    const follow = followOf(segments, index);
    // A trailing {+x} or {#x} takes the rest of the URI whatever it is, so it never fails and
    // never makes the backtracking group retry: it need not stop at that group's delimiters.
    const takesRest = shape.excluded === "" && follow.chars.size === 0 && !follow.open;
    const excluded = new Set([...shape.excluded, ...(takesRest ? [] : (delimiters ?? []))]);
    let backtrack = false;
    if (shape.spans && !excluded.has("/")) {
      // "?" and "#" end a path anyway, so a multi-segment value may always stop there.
      for (const c of follow.chars) if (c === "?" || c === "#") excluded.add(c);
      const clash = [...follow.chars].filter((c) => !excluded.has(c));
      if (clash.length > 0 && !follow.open && !delimiters) {
        backtrack = true;
        delimiters = new Set(clash);
      }
    } else {
      for (const c of follow.chars) excluded.add(c);
    }
    const chars =
      excluded.size === 0 ? "[^]" : `[^${[...excluded].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")}]`;
    const lead = shape.lead.replace(/[.?]/, "\\$&");
    const body = shape.lead === "" ? `${chars}+` : `(?:${lead}${chars}*)?`.repeat(shape.runs);
    group++;
    source += backtrack ? `(${body})` : `(?=(${body}))(?:\\${group})`;
  });
  return new RegExp(`${source}$`);
}

/** Collects matched variables; a variable used twice must get the same value both times. */
class Captured {
  private readonly values = new Map<string, string | string[]>();
  private readonly truncated: { name: string; value: string; prefix: number }[] = [];

  set(spec: VarSpec, value: string | string[]): boolean {
    if (spec.prefix !== undefined && typeof value === "string") {
      // {var:3} holds only the start of the value: checked against the full one in finish().
      if ([...value].length > spec.prefix) return false;
      this.truncated.push({ name: spec.name, value, prefix: spec.prefix });
      return true;
    }
    const known = this.values.get(spec.name);
    this.values.set(spec.name, value);
    if (known === undefined) return true;
    if (typeof known === "string" || typeof value === "string") return known === value;
    return known.length === value.length && known.every((item, i) => item === value[i]);
  }

  finish(): Record<string, string | string[]> | undefined {
    // Longest first, so that with `{var:1}{var:3}` "val" is the value and "v" is checked against it.
    for (const { name, value, prefix } of this.truncated.sort((a, b) => b.value.length - a.value.length)) {
      const known = this.values.get(name);
      if (known === undefined) this.values.set(name, value);
      else if (typeof known !== "string" || [...known].slice(0, prefix).join("") !== value) return undefined;
    }
    // Own data properties, even for a variable called "__proto__".
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of this.values)
      Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
    return out;
  }
}

/** Reads one capture group's text into variables; false when it contradicts the template. */
function readSlot(expr: Expression, text: string, out: Captured): boolean {
  switch (expr.op) {
    case "":
    case "+":
      return readList(expr.vars, text.split(","), ",", out);
    case "#":
    case ".":
    case "/":
      // The group is optional: empty text means the expression expanded to nothing.
      return text === "" || readList(expr.vars, text.slice(1).split(expr.op === "#" ? "," : expr.op), expr.op === "#" ? "," : expr.op, out);
    case ";":
    case "?":
    case "&":
      return text === "" || readParams(expr.vars, text.slice(1).split(expr.op === ";" ? ";" : "&"), out);
  }
}

/** Positional items ({x,y}, {/a,b}, {.list*}): an exploded variable takes the rest as an array, the last one the rest joined. */
function readList(vars: VarSpec[], items: string[], joiner: string, out: Captured): boolean {
  let next = 0;
  for (let i = 0; i < vars.length && next < items.length; i++) {
    const spec = vars[i];
    let ok: boolean;
    if (spec.explode) ok = out.set(spec, items.slice(next).map(decodeURIComponent));
    else if (i === vars.length - 1) ok = out.set(spec, decodeURIComponent(items.slice(next).join(joiner)));
    else ok = out.set(spec, decodeURIComponent(items[next]));
    if (!ok) return false;
    next = spec.explode || i === vars.length - 1 ? items.length : next + 1;
  }
  return true;
}

/**
 * Named parameters ({?a,b}, {;p}) in any order. A parameter no variable names belongs to an
 * exploded map ({?keys*}) as "name=value" if the group has an exploded variable; otherwise
 * the URI is not one this template produces.
 */
function readParams(vars: VarSpec[], items: string[], out: Captured): boolean {
  const specs = new Map(vars.map((v) => [v.name, v]));
  const rest = vars.find((v) => v.explode);
  const found = new Map<VarSpec, string[]>();
  for (const item of items) {
    if (item === "") continue; // tolerate "?&a=1" and a trailing "&"
    const eq = item.indexOf("=");
    const key = eq === -1 ? item : item.slice(0, eq);
    const value = decodeURIComponent(eq === -1 ? "" : item.slice(eq + 1));
    const spec = specs.get(key) ?? rest;
    if (!spec) return false;
    const values = found.get(spec) ?? [];
    values.push(spec.name === key ? value : `${decodeURIComponent(key)}=${value}`);
    found.set(spec, values);
  }
  for (const [spec, values] of found) {
    if (!spec.explode && values.length > 1) return false;
    if (!out.set(spec, spec.explode ? values : values[0])) return false;
  }
  return true;
}
