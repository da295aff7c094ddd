/** The in-memory Store, Bus and event logs through the shared contracts (Redis runs the same ones). */
import { MemoryBus } from "../../src/state/bus.ts";
import { MemoryEventLog, StoreEventLog } from "../../src/state/event-log.ts";
import { MemoryStore } from "../../src/state/store.ts";
import { busContract, eventLogContract, storeContract } from "./contracts.ts";

storeContract("MemoryStore", () => new MemoryStore());
busContract("MemoryBus", () => new MemoryBus());
eventLogContract("MemoryEventLog", (limits) => new MemoryEventLog(limits));
eventLogContract("StoreEventLog on a MemoryStore", (limits) => new StoreEventLog(new MemoryStore(), limits));
