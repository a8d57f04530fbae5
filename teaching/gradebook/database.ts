/**
 * The course's SQLite file, through sql.js (SQLite compiled to WebAssembly:
 * the same on Node 20, 22 and 24, nothing built at install).
 *
 * sql.js keeps the database in memory, so a write is made durable here: each
 * transaction runs under a lock file, on the file's newest content (read
 * again if another process wrote it meanwhile), and the whole database is
 * then written to a temporary file, flushed and renamed over the old one. A
 * reader, or `sqlite3`, sees the old file or the new one, never half of one;
 * a run stopped at any point leaves the last committed state.
 */
import * as fs from "fs";
import * as path from "path";
import initSqlJs, { type BindParams, type Database, type SqlJsStatic, type SqlValue } from "sql.js";
import { isAlive, tryLock } from "../process-lock";
import { schemaSql, schemaVersion } from "./schema";

let sqlJs: Promise<SqlJsStatic> | undefined;

/** sql.js, loaded once (its WebAssembly from the installed package: nothing is fetched). */
function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= initSqlJs({ locateFile: (file) => require.resolve(`sql.js/dist/${file}`) });
  return sqlJs;
}

export type Row = Record<string, SqlValue>;

const databaseName = "course.sqlite";

/** The gradebook file of a grades folder. */
export function databaseFile(gradesDir: string): string {
  return path.join(path.resolve(gradesDir), databaseName);
}

/** How long a writer waits for another one before it gives up, saying who holds the lock. */
const lockWaitMs = 60_000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

interface FileState {
  mtimeMs: number;
  size: number;
  ino: number;
}

function stateOf(file: string): FileState | undefined {
  try {
    const { mtimeMs, size, ino } = fs.statSync(file);
    return { mtimeMs, size, ino };
  } catch {
    return undefined;
  }
}

function sameState(a: FileState | undefined, b: FileState | undefined): boolean {
  return a?.mtimeMs === b?.mtimeMs && a?.size === b?.size && a?.ino === b?.ino;
}

/** Temporary files of writers that were killed before their rename (the file itself is whole). */
function removeLeftovers(file: string): void {
  const dir = path.dirname(file);
  if (!fs.existsSync(dir)) return;
  const prefix = `${path.basename(file)}.tmp-`;
  for (const name of fs.readdirSync(dir)) {
    const pid = Number(name.slice(prefix.length));
    if (name.startsWith(prefix) && Number.isInteger(pid) && !isAlive(pid)) fs.rmSync(path.join(dir, name), { force: true });
  }
}

export class CourseDatabase {
  private db: Database;
  private loaded: FileState | undefined;

  private constructor(
    readonly file: string,
    private readonly SQL: SqlJsStatic,
  ) {
    this.db = this.read();
  }

  /** Opens `file`, creating it (with its tables) when `create` is set and it does not exist yet. */
  static async open(file: string, { create }: { create: boolean }): Promise<CourseDatabase> {
    const SQL = await loadSqlJs();
    removeLeftovers(file);
    if (!fs.existsSync(file)) {
      if (!create)
        throw new Error(
          `${file} does not exist: grade some submissions first (npm run grade -- <folder> --out ${path.dirname(file)})`,
        );
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const fresh = new SQL.Database();
      fresh.exec(schemaSql);
      CourseDatabase.writeAtomically(file, fresh.export());
      fresh.close();
    }
    return new CourseDatabase(file, SQL);
  }

  private read(): Database {
    const state = stateOf(this.file);
    let db: Database;
    try {
      db = new this.SQL.Database(fs.readFileSync(this.file));
      const version = db.exec("PRAGMA user_version")[0]?.values[0]?.[0];
      if (version !== schemaVersion) {
        db.close();
        throw new Error(
          `${this.file} is a gradebook of another version (${String(version)}, this grader writes ${schemaVersion}): grade into a new --out folder`,
        );
      }
    } catch (error) {
      if (error instanceof Error && error.message.includes("another version")) throw error;
      throw new Error(
        `${this.file} is not a readable SQLite gradebook (${error instanceof Error ? error.message : String(error)})`,
        {
          cause: error,
        },
      );
    }
    db.exec("PRAGMA foreign_keys = ON");
    this.loaded = state;
    return db;
  }

  /** Rows of a query, as objects keyed by column name. */
  all<T extends Row>(sql: string, params: BindParams = []): T[] {
    const statement = this.db.prepare(sql, params);
    try {
      const rows: T[] = [];
      while (statement.step()) rows.push(statement.getAsObject() as T);
      return rows;
    } finally {
      statement.free();
    }
  }

  get<T extends Row>(sql: string, params: BindParams = []): T | undefined {
    return this.all<T>(sql, params)[0];
  }

  run(sql: string, params: BindParams = []): void {
    this.db.run(sql, params);
  }

  /** The id of the row the last INSERT made. */
  lastId(): number {
    return Number(this.db.exec("SELECT last_insert_rowid()")[0].values[0][0]);
  }

  /** Reads the file again if another process has written it since (readers call this before a query). */
  refresh(): void {
    if (sameState(stateOf(this.file), this.loaded)) return;
    this.db.close();
    this.db = this.read();
  }

  /**
   * Runs `work` as one transaction on the newest content of the file and
   * writes the result atomically; nothing of it stays if it throws.
   */
  transaction<T>(work: () => T): T {
    const release = this.lock();
    try {
      this.refresh();
      this.db.exec("BEGIN");
      let result: T;
      try {
        result = work();
        this.db.exec("COMMIT");
      } catch (error) {
        this.db.exec("ROLLBACK");
        throw error;
      }
      try {
        CourseDatabase.writeAtomically(this.file, this.db.export());
      } catch (error) {
        // The file keeps its last state; so must this copy, or the next write would carry this one.
        this.loaded = undefined;
        throw new Error(`could not write ${this.file}: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      }
      // export() reopens the database and so resets its pragmas.
      this.db.exec("PRAGMA foreign_keys = ON");
      this.loaded = stateOf(this.file);
      return result;
    } finally {
      release();
    }
  }

  close(): void {
    this.db.close();
  }

  private static writeAtomically(file: string, bytes: Uint8Array): void {
    const temporary = `${file}.tmp-${process.pid}`;
    const fd = fs.openSync(temporary, "w");
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
    try {
      const dir = fs.openSync(path.dirname(file), "r");
      fs.fsyncSync(dir);
      fs.closeSync(dir);
    } catch {
      // Not every file system lets a folder be flushed; the rename is atomic either way.
    }
  }

  /** Takes the lock file beside the database (waiting for another writer), and returns its release. */
  private lock(): () => void {
    const lockFile = `${this.file}.lock`;
    const started = Date.now();
    for (;;) {
      // A lock left by a process that ended while writing is taken over (its temporary file was never renamed).
      const holder = tryLock(lockFile);
      if (holder === undefined) return () => fs.rmSync(lockFile, { force: true });
      if (Date.now() - started > lockWaitMs) {
        throw new Error(
          `${this.file} is being written by process ${holder} (another npm run grade or gradebook?); wait for it to finish, or remove ${lockFile} if no such process runs`,
        );
      }
      sleepSync(50);
    }
  }
}
