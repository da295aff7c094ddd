/**
 * The example's database: SQLite compiled to WebAssembly (sql.js), so it installs from the
 * npm registry alone on any Node >= 20, with no native build. It lives in memory and, when
 * given a path, is loaded from that file and saved back to it on close.
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import initSqlJs, { type Database, type SqlJsStatic, type SqlValue } from "sql.js";

export const SORT_ORDERS = ["relevance", "name", "newest"] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export interface OpenDatabaseOptions {
  /** SQLite file to load (and save to on close); in memory only when unset. */
  path?: string;
}

export interface SearchHit {
  table: string;
  id: number;
  name: string;
  detail: string | null;
  created_at: string;
  score: number;
}

export interface QueryResult {
  columns: string[];
  rows: Record<string, SqlValue>[];
  /** More rows matched than were returned. */
  truncated: boolean;
}

/** Why a query was refused; its message is meant for the model. */
export class ReadOnlyViolation extends Error {}

let sqlJs: Promise<SqlJsStatic> | undefined;

/** Opens (and seeds, when new) the example database. Close it with `close()`. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<ExampleDatabase> {
  sqlJs ??= initSqlJs();
  const SQL = await sqlJs;
  const path = options.path;
  const db = path && existsSync(path) ? new SQL.Database(await readFile(path)) : new SQL.Database();
  const example = new ExampleDatabase(db, path);
  if (example.tables().length === 0) seed(db);
  return example;
}

// The first keyword of a statement, skipping whitespace and comments.
const LEADING_NOISE = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[^]*?\*\/)*/;

// VDBE opcodes that change a database or its schema: a read-only statement has none of them
// (the check sqlite3_stmt_readonly does inside SQLite, which sql.js does not export).
const WRITE_OPCODES = new Set([
  "OpenWrite",
  "VUpdate",
  "VCreate",
  "VDestroy",
  "Vacuum",
  "Destroy",
  "Clear",
  "CreateBtree",
  "ParseSchema",
  "SetCookie",
  "JournalMode",
  "Checkpoint",
  "IncrVacuum",
  "DropTable",
  "DropIndex",
  "DropTrigger",
]);

export class ExampleDatabase {
  private open = true;

  constructor(
    private readonly db: Database,
    private readonly path: string | undefined,
  ) {}

  get closed(): boolean {
    return !this.open;
  }

  /** User tables, in name order. */
  tables(): string[] {
    const result = this.db.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
    return (result[0]?.values ?? []).map((row) => String(row[0]));
  }

  /** Each table with its columns and row count. */
  describe(): { name: string; columns: { name: string; type: string }[]; rows: number }[] {
    return this.tables().map((name) => ({
      name,
      columns: this.all("SELECT name, type FROM pragma_table_info(?)", [name]).map((c) => ({ name: String(c.name), type: String(c.type) })),
      rows: Number(this.all(`SELECT count(*) AS n FROM ${quoteIdentifier(name)}`)[0]?.n ?? 0),
    }));
  }

  /** One row by id; undefined when there is none. The table must be one of `tables()`. */
  record(table: string, id: number): Record<string, SqlValue> | undefined {
    if (!this.tables().includes(table)) throw new Error(`Unknown table "${table}"`);
    return this.all(`SELECT * FROM ${quoteIdentifier(table)} WHERE id = ?`, [id])[0];
  }

  /** Users and products whose text matches `query`, ranked, sorted and paged. Fully parameterised. */
  search(query: string, limit: number, offset: number, sortBy: SortOrder): { total: number; hits: SearchHit[] } {
    const escaped = query.replace(/[\\%_]/g, (c) => `\\${c}`);
    const params = { ":exact": query, ":prefix": `${escaped}%`, ":contains": `%${escaped}%` };
    const named = (field: string) =>
      `CASE WHEN lower(${field}) = lower(:exact) THEN 100 WHEN ${field} LIKE :prefix ESCAPE '\\' THEN 50 WHEN ${field} LIKE :contains ESCAPE '\\' THEN 20 ELSE 0 END`;
    const also = (field: string, weight: number) => `CASE WHEN ${field} LIKE :contains ESCAPE '\\' THEN ${weight} ELSE 0 END`;
    const matches = `
      SELECT 'users' AS "table", id, name, email AS detail, created_at, ${named("name")} + ${also("email", 10)} + ${also("role", 5)} AS score FROM users
      UNION ALL
      SELECT 'products', id, name, description, created_at, ${named("name")} + ${also("description", 10)} + ${also("category", 5)} FROM products`;
    // sort_by picks one of these fixed clauses: it never reaches the SQL as text.
    const orderBy: Record<SortOrder, string> = {
      relevance: `score DESC, name COLLATE NOCASE, "table", id`,
      name: `name COLLATE NOCASE, "table", id`,
      newest: `created_at DESC, "table", id`,
    };
    const total = Number(this.all(`SELECT count(*) AS n FROM (${matches}) WHERE score > 0`, params)[0]?.n ?? 0);
    const rows = this.all(`SELECT * FROM (${matches}) WHERE score > 0 ORDER BY ${orderBy[sortBy]} LIMIT :limit OFFSET :offset`, {
      ...params,
      ":limit": limit,
      ":offset": offset,
    });
    const hits = rows.map((r) => ({
      table: String(r.table),
      id: Number(r.id),
      name: String(r.name),
      detail: r.detail === null ? null : String(r.detail),
      created_at: String(r.created_at),
      score: Number(r.score),
    }));
    return { total, hits };
  }

  /**
   * Runs one read-only statement and returns at most `maxRows` rows. sql.js has no
   * read-only mode, so three independent checks stand in for it: exactly one statement
   * (split by SQLite's own parser), starting with SELECT or WITH, whose compiled program
   * contains no write opcode and opens no write transaction. It then runs inside a
   * savepoint that is always rolled back, so even a write that slipped past would vanish.
   */
  query(sql: string, maxRows: number): QueryResult {
    const statements: string[] = [];
    for (const statement of this.db.iterateStatements(sql)) {
      statements.push(statement.getSQL());
      statement.free();
    }
    if (statements.length === 0) throw new ReadOnlyViolation("The query is empty: send one SELECT statement");
    if (statements.length > 1) throw new ReadOnlyViolation(`Only one statement is allowed; got ${statements.length}`);
    const statement = statements[0];
    const keyword = /^\w+/.exec(statement.replace(LEADING_NOISE, ""))?.[0]?.toUpperCase() ?? "";
    if (keyword !== "SELECT" && keyword !== "WITH") {
      throw new ReadOnlyViolation(`Only read-only SELECT (or WITH ... SELECT) queries are allowed; got ${keyword || "something else"}`);
    }
    const program = this.db.exec(`EXPLAIN ${statement}`)[0]?.values ?? [];
    // EXPLAIN columns: addr, opcode, p1, p2, ...; Transaction's p2 is non-zero for a write transaction.
    if (program.some(([, opcode, , p2]) => WRITE_OPCODES.has(String(opcode)) || (opcode === "Transaction" && p2 !== 0))) {
      throw new ReadOnlyViolation("The query would change the database; only read-only queries are allowed");
    }

    this.db.exec("SAVEPOINT query_db");
    try {
      const prepared = this.db.prepare(statement);
      try {
        const rows: Record<string, SqlValue>[] = [];
        let truncated = false;
        while (prepared.step()) {
          if (rows.length === maxRows) {
            truncated = true;
            break;
          }
          rows.push(prepared.getAsObject());
        }
        return { columns: prepared.getColumnNames(), rows, truncated };
      } finally {
        prepared.free();
      }
    } finally {
      this.db.exec("ROLLBACK TO query_db; RELEASE query_db");
    }
  }

  /** Saves to the file (when opened from one) and frees the database. Safe to call twice. */
  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    try {
      if (this.path) await writeFile(this.path, this.db.export());
    } finally {
      this.db.close();
    }
  }

  private all(sql: string, params?: SqlValue[] | Record<string, SqlValue>): Record<string, SqlValue>[] {
    const statement = this.db.prepare(sql, params);
    try {
      const rows: Record<string, SqlValue>[] = [];
      while (statement.step()) rows.push(statement.getAsObject());
      return rows;
    } finally {
      statement.free();
    }
  }
}

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

function seed(db: Database): void {
  db.exec(`
    CREATE TABLE users (
      id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE, role TEXT NOT NULL, created_at TEXT NOT NULL
    );
    CREATE TABLE products (
      id INTEGER PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL, category TEXT NOT NULL,
      price REAL NOT NULL, created_at TEXT NOT NULL
    );
    INSERT INTO users (name, email, role, created_at) VALUES
      ('Ada Lovelace', 'ada@example.com', 'admin', '2024-01-10'),
      ('Alan Turing', 'alan@example.com', 'engineer', '2024-02-14'),
      ('Grace Hopper', 'grace@example.com', 'engineer', '2024-03-01'),
      ('Katherine Johnson', 'katherine@example.com', 'analyst', '2024-04-22'),
      ('Linus Torvalds', 'linus@example.com', 'engineer', '2024-05-30'),
      ('Margaret Hamilton', 'margaret@example.com', 'admin', '2024-06-18'),
      ('Dennis Ritchie', 'dennis@example.com', 'engineer', '2024-07-09'),
      ('Barbara Liskov', 'barbara@example.com', 'analyst', '2024-08-27');
    INSERT INTO products (name, description, category, price, created_at) VALUES
      ('Mechanical Keyboard', 'Tactile keyboard with hot-swappable switches', 'hardware', 129.0, '2024-01-05'),
      ('Wireless Mouse', 'Ergonomic mouse with a silent click', 'hardware', 49.5, '2024-02-11'),
      ('USB-C Hub', 'Seven ports for a laptop, including HDMI', 'hardware', 59.99, '2024-03-19'),
      ('Standing Desk', 'Electric desk with memory presets', 'furniture', 499.0, '2024-04-02'),
      ('Desk Lamp', 'LED lamp with adjustable colour temperature', 'furniture', 39.0, '2024-05-14'),
      ('Noise-Cancelling Headphones', 'Over-ear headphones for deep focus', 'audio', 299.0, '2024-06-03'),
      ('Keyboard Wrist Rest', 'Memory foam rest for any keyboard', 'accessories', 19.99, '2024-07-21'),
      ('Monitor Arm', 'Gas-spring arm for monitors up to 32 inches', 'furniture', 89.0, '2024-08-08'),
      ('Webcam', '1080p camera with a privacy shutter', 'hardware', 79.0, '2024-09-12'),
      ('Laptop Stand', 'Aluminium stand that lifts a laptop to eye level', 'accessories', 45.0, '2024-10-30');
  `);
}
