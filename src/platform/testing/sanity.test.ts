import { describe, expect, it } from 'vitest';
import { pgUrl } from './pg-cluster.ts';

describe('pgUrl', () => {
  it('builds a postgres:// URL', () => {
    expect(pgUrl({ user: 'lantern_app', password: 'abc123', host: '127.0.0.1', port: 5432, database: 'lantern' })).toBe(
      'postgres://lantern_app:abc123@127.0.0.1:5432/lantern',
    );
  });

  it('percent-encodes credentials so they survive URL parsing', () => {
    const url = pgUrl({ user: 'we@ird', password: 'p:a/s s#', host: '127.0.0.1', port: 1, database: 'db' });
    const parsed = new URL(url);
    expect(decodeURIComponent(parsed.username)).toBe('we@ird');
    expect(decodeURIComponent(parsed.password)).toBe('p:a/s s#');
    expect(parsed.port).toBe('1');
  });

  it('omits the password separator when there is no password', () => {
    expect(pgUrl({ user: 'u', host: 'localhost', port: 5, database: 'd' })).toBe('postgres://u@localhost:5/d');
  });
});
