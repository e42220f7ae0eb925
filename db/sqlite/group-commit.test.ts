import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A WAL database file with table t, a writer connection with its GroupCommit, and a second (reader) connection. */
function open() {
  const dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
  dirs.push(dir);
  const file = join(dir, 'g.db');
  const writer = new Database(file);
  writer.pragma('journal_mode = WAL');
  writer.exec('CREATE TABLE t (v INTEGER NOT NULL)');
  const errors: unknown[] = [];
  const group = new GroupCommit(writer, (e) => errors.push(e));
  const reader = new Database(file, { readonly: true });
  const seen = () => (reader.prepare('SELECT v FROM t ORDER BY v').all() as { v: number }[]).map((r) => r.v);
  const insert = writer.prepare('INSERT INTO t (v) VALUES (?)');
  return { writer, reader, group, seen, insert, errors };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('commits the work of one event-loop turn together, after the turn; the writer sees it at once', async () => {
    const { writer, reader, group, seen, insert, errors } = open();
    group.run(() => insert.run(1));
    group.run(() => insert.run(2));
    expect(group.pending).toBe(true);
    // Visible to the writing connection, not yet to anyone else.
    expect(writer.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 2 });
    expect(seen()).toEqual([]);
    const done = group.committed();
    await done;
    expect(group.pending).toBe(false);
    expect(seen()).toEqual([1, 2]);
    // The next turn opens a new batch; committed() with none open resolves at once.
    await group.committed();
    group.run(() => insert.run(3));
    await turn();
    expect(seen()).toEqual([1, 2, 3]);
    expect(errors).toEqual([]);
    writer.close();
    reader.close();
  });

  it('undoes a unit that throws alone; the rest of the batch commits', async () => {
    const { writer, reader, group, seen, insert } = open();
    group.run(() => insert.run(1));
    expect(() =>
      group.run(() => {
        insert.run(2);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    group.run(() => insert.run(3));
    await group.committed();
    expect(seen()).toEqual([1, 3]);
    writer.close();
    reader.close();
  });

  it('flush commits at once (before closing); closing without it rejects the waiters instead of claiming success', async () => {
    const { writer, reader, group, seen, insert, errors } = open();
    group.run(() => insert.run(1));
    const first = group.committed();
    group.flush();
    await first;
    expect(seen()).toEqual([1]);
    group.run(() => insert.run(2));
    const lost = group.committed();
    writer.close();
    await expect(lost).rejects.toThrow(/closed before the batch was committed/);
    expect(errors).toHaveLength(1);
    expect(seen()).toEqual([1]);
    reader.close();
  });

  it('rejects the waiters of a batch SQLite rolled back, and starts a clean one', async () => {
    const { writer, reader, group, seen, insert, errors } = open();
    group.run(() => insert.run(1));
    const lost = group.committed();
    // What SQLITE_FULL or SQLITE_IOERR do: the whole transaction is gone.
    writer.exec('ROLLBACK');
    group.run(() => insert.run(2));
    await expect(lost).rejects.toThrow(/rolled the batch back/);
    await group.committed();
    expect(seen()).toEqual([2]);
    expect(errors).toHaveLength(1);
    writer.close();
    reader.close();
  });
});
