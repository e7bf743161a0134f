import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';

const mode = process.env.LANTERN_TEST_DB;

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('test database selection', () => {
  it('LANTERN_TEST_DB is pglite or postgres and matches the provided context', () => {
    expect(['pglite', 'postgres']).toContain(mode);
    expect(inject('lanternTestDb')).toBe(mode);
  });
});

if (mode === 'postgres') {
  describe('throwaway PostgreSQL cluster (globalSetup)', () => {
    const ownerUrl = process.env.LANTERN_TEST_PG_URL ?? '';
    const appUrl = process.env.LANTERN_TEST_PG_APP_URL ?? '';

    it('publishes owner and app URLs in env and via inject()', () => {
      expect(ownerUrl).toMatch(/^postgres:\/\/lantern_owner:[^@]+@127\.0\.0\.1:\d+\/lantern$/);
      expect(appUrl).toMatch(/^postgres:\/\/lantern_app:[^@]+@127\.0\.0\.1:\d+\/lantern$/);
      expect(inject('lanternTestPgUrl')).toBe(ownerUrl);
      expect(inject('lanternTestPgAppUrl')).toBe(appUrl);
    });

    it('app role is not a superuser and cannot bypass RLS', async () => {
      const row = await withClient(appUrl, async (c) => {
        const r = await c.query<{ rolsuper: boolean; rolbypassrls: boolean; db: string; who: string }>(
          `select rolsuper, rolbypassrls, current_database() as db, current_user as who
             from pg_roles where rolname = current_user`,
        );
        return r.rows[0];
      });
      expect(row).toEqual({ rolsuper: false, rolbypassrls: false, db: 'lantern', who: 'lantern_app' });
    });

    it('app role cannot create tables in schema public', async () => {
      await withClient(appUrl, async (c) => {
        await expect(c.query('create table public.lantern_probe (id int)')).rejects.toMatchObject({
          code: '42501', // insufficient_privilege
        });
      });
    });

    it('owner role is not a superuser but owns the schema and can create trusted extensions', async () => {
      await withClient(ownerUrl, async (c) => {
        const role = await c.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
          'select rolsuper, rolbypassrls from pg_roles where rolname = current_user',
        );
        expect(role.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
        const owner = await c.query<{ owner: string }>(
          `select pg_get_userbyid(nspowner) as owner from pg_namespace where nspname = 'public'`,
        );
        expect(owner.rows[0]?.owner).toBe('lantern_owner');

        // Everything below is rolled back, leaving the shared database untouched.
        await c.query('begin');
        try {
          await c.query('create extension if not exists pg_trgm');
          await c.query('create extension if not exists fuzzystrmatch');
          await c.query('create table public.lantern_probe (name text)');
          await c.query(`insert into public.lantern_probe values ('Olivia Smith')`);
          const r = await c.query<{ sim: number; lev: number }>(
            `select similarity(name, 'Olivr Smyth') as sim, levenshtein(name, 'Olivia Smyth') as lev
               from public.lantern_probe`,
          );
          expect(r.rows[0]?.lev).toBe(1);
          expect(r.rows[0]?.sim).toBeGreaterThan(0.2);
        } finally {
          await c.query('rollback');
        }
      });
    });
  });
} else {
  describe('embedded PGlite', () => {
    it('does not expose native PostgreSQL URLs', () => {
      expect(process.env.LANTERN_TEST_PG_URL).toBeUndefined();
      expect(process.env.LANTERN_TEST_PG_APP_URL).toBeUndefined();
    });

    it('opens in memory and runs a query', async () => {
      const db = await PGlite.create();
      try {
        const r = await db.query<{ one: number }>('select 1 as one');
        expect(r.rows).toEqual([{ one: 1 }]);
      } finally {
        await db.close();
      }
    });
  });
}
