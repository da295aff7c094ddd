/**
 * Typed per-request values a feature keeps on the context: the feature owns a `Slot` key and
 * reads back what it stored with its type, so Context needs no new public field per feature
 * (round state, cache hints, a legacy session, an extension's data).
 */
export class Slot<T> {
  /** Only carries `T` for the compiler. */
  declare private readonly type: T;
  constructor(readonly description: string) {}
}

/** The values of one request, keyed by slot. */
export class Slots {
  private values: Map<Slot<unknown>, unknown> | undefined = undefined;

  get<T>(slot: Slot<T>): T | undefined {
    return this.values?.get(slot) as T | undefined;
  }

  set<T>(slot: Slot<T>, value: T): void {
    (this.values ??= new Map()).set(slot, value);
  }
}
