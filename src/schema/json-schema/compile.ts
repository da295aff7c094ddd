// Turns a schema document into a tree of closures, once. Each schema object becomes one Node;
// $refs become indirections bound after the whole document is compiled, so recursion works.
import type { JsonSchema, JsonSchemaObject } from "../types.ts";
import { compileApplicators } from "./applicators.ts";
import { compileArrayKeywords, compileUnevaluatedItems } from "./arrays.ts";
import {
  ALWAYS,
  Annot,
  type Check,
  type CheckLists,
  MAX_REF_DEPTH,
  type Node,
  type Obj,
  type SchemaCompiler,
  compilePattern,
  fail,
  isObject,
  runAll,
  schemaError,
} from "./context.ts";
import { compileObjectKeywords, compileUnevaluatedProperties } from "./objects.ts";
import { ROOT_BASE, SchemaIndex } from "./refs.ts";
import { type TypeSpec, compileScalarKeywords, compileType, matchesType, typeFailure } from "./scalars.ts";

const NEVER: Node = (_v, ctx) => fail(ctx, "value is not allowed");

interface Cell {
  node: Node;
  schema: JsonSchema;
  base: string;
  where: string;
}

const unbound: Node = () => {
  throw new Error("internal: $ref used before the schema finished compiling");
};

export class Compiler implements SchemaCompiler {
  readonly index: SchemaIndex;
  private readonly cells = new Map<JsonSchema, Cell>();
  private readonly pending: Cell[] = [];
  private readonly regexes = new Map<string, RegExp>();

  constructor(private readonly root: JsonSchema) {
    this.index = new SchemaIndex(root);
  }

  compileRoot(): Node {
    // Registered up front so that refs to "#" reuse the root instead of compiling it twice.
    const root: Cell = { node: unbound, schema: this.root, base: ROOT_BASE, where: "#" };
    this.cells.set(this.root, root);
    root.node = this.sub(this.root, ROOT_BASE, "#");
    // Compiling a ref target can reach further refs, so loop until nothing is left.
    for (let cell = this.pending.pop(); cell !== undefined; cell = this.pending.pop()) {
      cell.node = this.sub(cell.schema, cell.base, cell.where);
    }
    return root.node;
  }

  sub(schema: unknown, base: string, where: string): Node {
    if (schema === true) return ALWAYS;
    if (schema === false) return NEVER;
    if (!isObject(schema)) throw schemaError(where, "expected a schema (an object or a boolean)");
    return compileObject(schema, this.index.baseOf(schema, base), where, this);
  }

  ref(ref: string, base: string, where: string): Node {
    const target = this.index.resolve(ref, base, where);
    let cell = this.cells.get(target.schema);
    if (cell === undefined) {
      cell = { node: unbound, schema: target.schema, base: target.base, where: this.index.locate(target.schema, ref) };
      this.cells.set(target.schema, cell);
      this.pending.push(cell);
    }
    const bound = cell;
    return (v, ctx) => {
      // Only a schema that refers to itself without consuming any of the value gets here.
      if (ctx.refDepth >= MAX_REF_DEPTH) return fail(ctx, "schema $ref recursion is too deep");
      ctx.refDepth++;
      const ok = bound.node(v, ctx);
      ctx.refDepth--;
      return ok;
    };
  }

  regex(pattern: unknown, where: string): RegExp {
    const key = String(pattern);
    let re = this.regexes.get(key);
    if (re === undefined) this.regexes.set(key, (re = compilePattern(pattern, where)));
    return re;
  }
}

function compileObject(s: JsonSchemaObject, base: string, where: string, c: SchemaCompiler): Node {
  const lists: CheckLists = { generic: [], strings: [], numbers: [], arrays: [], objects: [], inPlace: [] };
  const type = compileType(s, where);
  compileScalarKeywords(s, where, c, lists);
  compileArrayKeywords(s, base, where, c, lists.arrays);
  compileObjectKeywords(s, base, where, c, lists.objects);
  compileApplicators(s, base, where, c, lists);
  const props = compileUnevaluatedProperties(s, base, where, c);
  const items = compileUnevaluatedItems(s, base, where, c);
  const node = assemble(type, lists, props, items);
  return props === null && items === null ? node : collecting(node);
}

function assemble(type: TypeSpec, lists: CheckLists, props: Check<Obj> | null, items: Check<unknown[]> | null): Node {
  const { generic, strings, numbers, arrays, objects, inPlace } = lists;
  const { mask } = type;
  const total = generic.length + strings.length + numbers.length + arrays.length + objects.length + inPlace.length;
  if (total === 0 && props === null && items === null) {
    return mask === 0 ? ALWAYS : (v, ctx) => matchesType(v, mask) || (ctx.quiet === 0 && fail(ctx, typeFailure(v, type)));
  }
  return (v, ctx) => {
    // The type goes first, and alone: when it is wrong, the other keywords have nothing to add.
    if (mask !== 0 && !matchesType(v, mask)) return ctx.quiet === 0 && fail(ctx, typeFailure(v, type));
    let ok = generic.length === 0 || runAll(generic, v, ctx);
    if (!ok && ctx.quiet > 0) return false;
    switch (typeof v) {
      case "string":
        if (strings.length !== 0 && !runAll(strings, v, ctx)) ok = false;
        break;
      case "number":
        if (numbers.length !== 0 && !runAll(numbers, v, ctx)) ok = false;
        break;
      case "object":
        if (v === null) break;
        if (Array.isArray(v)) {
          if (arrays.length !== 0 && !runAll(arrays, v, ctx)) ok = false;
        } else if (objects.length !== 0 && !runAll(objects, v as Obj, ctx)) ok = false;
        break;
    }
    if (!ok && ctx.quiet > 0) return false;
    if (inPlace.length !== 0 && !runAll(inPlace, v, ctx)) ok = false;
    if ((props === null && items === null) || typeof v !== "object" || v === null || (!ok && ctx.quiet > 0)) return ok;
    // unevaluated* go last: they need the annotations of everything above.
    if (Array.isArray(v) ? items !== null && !items(v, ctx) : props !== null && !props(v as Obj, ctx)) ok = false;
    return ok;
  };
}

/**
 * For a schema with unevaluated*: gives it its own annotation collector, filled by its keywords
 * and in-place applicators. On success the collected set flows up to an enclosing collector.
 */
function collecting(node: Node): Node {
  return (v, ctx) => {
    if (typeof v !== "object" || v === null) return node(v, ctx);
    const outer = ctx.annot;
    const annot = new Annot();
    ctx.annot = annot;
    const ok = node(v, ctx);
    ctx.annot = outer;
    if (ok && outer !== null) outer.merge(annot);
    return ok;
  };
}
