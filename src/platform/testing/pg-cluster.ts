/**
 * Throwaway native PostgreSQL cluster for the `integration-postgres` test suite.
 *
 * `startPgCluster()` runs `initdb` into a fresh temporary directory, starts the server on a free
 * loopback port (TCP on 127.0.0.1 only, unix socket inside the temporary directory), and creates:
 *
 * - database `lantern`, owned by `lantern_owner`;
 * - `lantern_owner`: LOGIN, NOSUPERUSER, CREATEDB, NOBYPASSRLS. Owns database `lantern` and schema
 *   `public`, so it can run migrations and `CREATE EXTENSION pg_trgm` / `fuzzystrmatch` (both are
 *   trusted extensions on PostgreSQL 13+). CREATEDB lets a test file make its own scratch database.
 * - `lantern_app`: LOGIN, NOSUPERUSER, NOBYPASSRLS, with only CONNECT on `lantern` and USAGE on
 *   `public` (no CREATE). Table privileges must be granted to it by the migrations.
 *
 * Both roles authenticate with generated passwords (scram-sha-256 over TCP); the returned URLs embed
 * them. When the process runs as root, every PostgreSQL binary runs as the unprivileged `postgres`
 * OS user via `runuser -u postgres --` (initdb refuses to run as root).
 *
 * Missing binaries are an error, never a silent skip.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { appendFile, chmod, chown, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import pg from 'pg';

export interface PgCluster {
  /** postgres:// URL for `lantern_owner` (owner of database `lantern` and schema `public`). */
  ownerUrl: string;
  /** postgres:// URL for `lantern_app` (non-superuser application role, NOBYPASSRLS). */
  appUrl: string;
  /** Stops the server (`pg_ctl -m fast stop`) and deletes the temporary directory. Idempotent. */
  stop(): Promise<void>;
}

/** Details beyond the public contract, useful for diagnostics. */
export interface PgClusterDetails extends PgCluster {
  port: number;
  dir: string;
  binDir: string;
  serverVersion: string;
  /** Milliseconds spent in initdb, server start and role/database setup. */
  timings: { initdbMs: number; startMs: number; setupMs: number };
}

export const DATABASE_NAME = 'lantern';
export const OWNER_ROLE = 'lantern_owner';
export const APP_ROLE = 'lantern_app';
const SUPERUSER = 'postgres';
const REQUIRED_BINARIES = ['initdb', 'pg_ctl', 'postgres'] as const;

export const INSTALL_HINT =
  'Install PostgreSQL server binaries, e.g. as root: ' +
  'apt-get update && apt-get install -y postgresql postgresql-contrib ' +
  '(or set LANTERN_PG_BINDIR to a directory containing initdb, pg_ctl and postgres).';

/** Builds a postgres:// URL, percent-encoding the credentials and database name. */
export function pgUrl(parts: {
  user: string;
  password?: string;
  host: string;
  port: number;
  database: string;
}): string {
  const auth =
    parts.password === undefined
      ? encodeURIComponent(parts.user)
      : `${encodeURIComponent(parts.user)}:${encodeURIComponent(parts.password)}`;
  return `postgres://${auth}@${parts.host}:${parts.port}/${encodeURIComponent(parts.database)}`;
}

function hasServerBinaries(dir: string): boolean {
  return REQUIRED_BINARIES.every((b) => existsSync(join(dir, b)));
}

/**
 * Finds the directory holding initdb/pg_ctl/postgres: `$LANTERN_PG_BINDIR`, then `pg_config --bindir`,
 * then the newest `/usr/lib/postgresql/<major>/bin`, then `initdb` on PATH. Throws if none is usable.
 */
export function findPgBinDir(): string {
  const tried: string[] = [];
  const override = process.env.LANTERN_PG_BINDIR;
  if (override) {
    if (hasServerBinaries(override)) return override;
    throw new Error(
      `LANTERN_PG_BINDIR=${override} does not contain ${REQUIRED_BINARIES.join(', ')}. ${INSTALL_HINT}`,
    );
  }

  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (pgConfig.status === 0) {
    const dir = pgConfig.stdout.trim();
    tried.push(`pg_config --bindir (${dir})`);
    if (dir && hasServerBinaries(dir)) return dir;
  } else {
    tried.push('pg_config (not found)');
  }

  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const majors = readdirSync(debianRoot)
      .filter((name) => /^\d+(\.\d+)?$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    for (const major of majors) {
      const dir = join(debianRoot, major, 'bin');
      tried.push(dir);
      if (hasServerBinaries(dir)) return dir;
    }
  } else {
    tried.push(`${debianRoot} (absent)`);
  }

  for (const entry of (process.env.PATH ?? '').split(delimiter)) {
    if (!entry) continue;
    const candidate = join(entry, 'initdb');
    if (existsSync(candidate)) {
      const dir = dirname(realpathSync(candidate));
      tried.push(dir);
      if (hasServerBinaries(dir)) return dir;
    }
  }

  throw new Error(
    `PostgreSQL server binaries (${REQUIRED_BINARIES.join(', ')}) not found; looked in: ` +
      `${tried.join('; ')}. ${INSTALL_HINT}`,
  );
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command (as the `postgres` OS user when we are root) and collects its output. */
function run(
  command: string,
  args: string[],
  opts: { cwd: string; asPgUser: boolean; pgOsUser: string },
): Promise<RunResult> {
  const [file, argv] =
    opts.asPgUser && isRoot()
      ? ['runuser', ['-u', opts.pgOsUser, '--', command, ...args]]
      : [command, args];
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, {
      cwd: opts.cwd,
      // stdin closed; stdout/stderr piped. pg_ctl start redirects the server's output to the log
      // file, so the server does not keep these pipes open.
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C', LANG: 'C', PGTZ: 'UTC' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (err) => reject(new Error(`could not run ${file}: ${err.message}`)));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function runOrThrow(
  what: string,
  command: string,
  args: string[],
  opts: { cwd: string; asPgUser: boolean; pgOsUser: string },
  logFile?: string,
): Promise<RunResult> {
  const result = await run(command, args, opts);
  if (result.code !== 0) {
    let log = '';
    if (logFile && existsSync(logFile)) {
      log = `\n--- server log (${logFile}) ---\n${(await readFile(logFile, 'utf8')).slice(-4000)}`;
    }
    throw new Error(
      `${what} failed (exit ${result.code}): ${command} ${args.join(' ')}\n` +
        `${result.stdout}${result.stderr}${log}`,
    );
  }
  return result;
}

/** Asks the kernel for a free loopback port. (Small race with other processes; start retries.) */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not determine a free port'));
        return;
      }
      const { port } = address;
      server.close(() => resolve(port));
    });
  });
}

function lookupOsUser(name: string): { uid: number; gid: number } {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error(
      `running as root, but OS user "${name}" does not exist; initdb refuses to run as root. ` +
        `Create it (the Debian postgresql package does) or set LANTERN_PG_OS_USER. ${INSTALL_HINT}`,
    );
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function password(): string {
  return randomBytes(18).toString('hex');
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Starts a throwaway PostgreSQL cluster. See the module comment for what it creates.
 * Environment overrides: LANTERN_PG_BINDIR (binary directory), LANTERN_PG_OS_USER (OS user used
 * when running as root; default `postgres`).
 */
export async function startPgCluster(): Promise<PgClusterDetails> {
  const binDir = findPgBinDir();
  const bin = (name: (typeof REQUIRED_BINARIES)[number]) => join(binDir, name);
  const pgOsUser = process.env.LANTERN_PG_OS_USER || 'postgres';
  const root = isRoot();
  if (root && spawnSync('runuser', ['--version']).error) {
    throw new Error('running as root, but `runuser` (util-linux) is not available to drop privileges');
  }
  const osUser = root ? lookupOsUser(pgOsUser) : undefined;

  // As root, use /tmp rather than $TMPDIR: the postgres user must be able to reach the directory.
  const dir = mkdtempSync(join(root ? '/tmp' : tmpdir(), 'lantern-pg-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  const pwFile = join(dir, 'superuser.pw');
  const runOpts = { cwd: dir, asPgUser: true, pgOsUser };

  let started = false;
  let stopped = false;
  const emergencyStop = () => {
    // Last resort if the process exits without calling stop(): synchronous and best effort.
    if (stopped) return;
    stopped = true;
    if (started) {
      const args = ['-D', dataDir, '-m', 'immediate', '-w', 'stop'];
      if (root) spawnSync('runuser', ['-u', pgOsUser, '--', bin('pg_ctl'), ...args], { cwd: dir, stdio: 'ignore' });
      else spawnSync(bin('pg_ctl'), args, { cwd: dir, stdio: 'ignore' });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', emergencyStop);

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', emergencyStop);
    try {
      if (started) {
        await runOrThrow('pg_ctl stop', bin('pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop'], runOpts, logFile);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  try {
    const superPassword = password();
    await writeFile(pwFile, `${superPassword}\n`, { mode: 0o600 });
    if (osUser) {
      await chown(dir, osUser.uid, osUser.gid);
      await chown(pwFile, osUser.uid, osUser.gid);
    }
    await chmod(dir, 0o700);

    let t = performance.now();
    await runOrThrow(
      'initdb',
      bin('initdb'),
      [
        '-D', dataDir,
        '--no-sync',
        '--no-instructions',
        '--encoding=UTF8',
        '--locale=C',
        `--username=${SUPERUSER}`,
        `--pwfile=${pwFile}`,
        '--auth-local=trust',
        '--auth-host=scram-sha-256',
      ],
      runOpts,
    );
    const initdbMs = performance.now() - t;

    await appendFile(
      join(dataDir, 'postgresql.conf'),
      [
        '',
        '# --- lantern throwaway test cluster ---',
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = ${quoteLiteral(dir)}`,
        "timezone = 'UTC'",
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        'max_connections = 100',
        '',
      ].join('\n'),
    );

    t = performance.now();
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const result = await run(
        bin('pg_ctl'),
        ['-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', `-p ${port}`, 'start'],
        runOpts,
      );
      if (result.code === 0) break;
      const log = existsSync(logFile) ? await readFile(logFile, 'utf8') : '';
      if (attempt < 5 && /could not bind|address already in use/i.test(log)) {
        await writeFile(logFile, '');
        continue;
      }
      throw new Error(
        `pg_ctl start failed (exit ${result.code}) on port ${port}:\n${result.stdout}${result.stderr}` +
          `\n--- server log (${logFile}) ---\n${log.slice(-4000)}`,
      );
    }
    started = true;
    const startMs = performance.now() - t;

    t = performance.now();
    const ownerPassword = password();
    const appPassword = password();
    const superUrl = (database: string) =>
      pgUrl({ user: SUPERUSER, password: superPassword, host: '127.0.0.1', port, database });

    let serverVersion = '';
    const admin = new pg.Client({ connectionString: superUrl('postgres') });
    await admin.connect();
    try {
      serverVersion = (await admin.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v ?? '';
      await admin.query(
        `CREATE ROLE ${OWNER_ROLE} LOGIN NOSUPERUSER CREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS ` +
          `PASSWORD ${quoteLiteral(ownerPassword)}`,
      );
      await admin.query(
        `CREATE ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS ` +
          `PASSWORD ${quoteLiteral(appPassword)}`,
      );
      await admin.query(
        `CREATE DATABASE ${DATABASE_NAME} OWNER ${OWNER_ROLE} TEMPLATE template0 ENCODING 'UTF8' ` +
          `LC_COLLATE 'C' LC_CTYPE 'C'`,
      );
    } finally {
      await admin.end();
    }

    const adminDb = new pg.Client({ connectionString: superUrl(DATABASE_NAME) });
    await adminDb.connect();
    try {
      await adminDb.query(`
        ALTER SCHEMA public OWNER TO ${OWNER_ROLE};
        REVOKE ALL ON SCHEMA public FROM PUBLIC;
        GRANT USAGE ON SCHEMA public TO ${APP_ROLE};
        REVOKE ALL ON DATABASE ${DATABASE_NAME} FROM PUBLIC;
        GRANT CONNECT ON DATABASE ${DATABASE_NAME} TO ${APP_ROLE};
      `);
    } finally {
      await adminDb.end();
    }
    const setupMs = performance.now() - t;

    return {
      ownerUrl: pgUrl({ user: OWNER_ROLE, password: ownerPassword, host: '127.0.0.1', port, database: DATABASE_NAME }),
      appUrl: pgUrl({ user: APP_ROLE, password: appPassword, host: '127.0.0.1', port, database: DATABASE_NAME }),
      stop,
      port,
      dir,
      binDir,
      serverVersion,
      timings: { initdbMs, startMs, setupMs },
    };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}
