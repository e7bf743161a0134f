import path from 'node:path'
import { z } from 'zod'

/**
 * Lantern's configuration, read once from the environment and validated. Every setting has a safe default for
 * the embedded (PGlite) mode so that `npm start` works on a fresh machine with no configuration at all.
 */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  LANTERN_DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_MIGRATION_URL: z.string().url().optional(),
  LANTERN_DEMO: z.enum(['0', '1']).optional(),
  LANTERN_AUDIT_KEY: z.string().min(32).optional(),
  LANTERN_AUDIT_KEY_FILE: z.string().optional(),
  LANTERN_AUDIT_CHECKPOINT_FILE: z.string().optional(),
  LANTERN_TODAY: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  /** Map tiles for the hotspots map (issue 7): a URL template like https://tile.example/{z}/{x}/{y}.png. None = a plain map. */
  LANTERN_MAP_TILE_URL: z
    .string()
    .regex(/^https?:\/\/[A-Za-z0-9.{}-]+(:\d+)?\/\S*\{z\}\S*\{x\}\S*\{y\}/, 'a URL template with {z}, {x} and {y}')
    .optional(),
  LANTERN_MAP_ATTRIBUTION: z.string().max(300).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
})

export type Config = {
  port: number
  host: string
  dataDir: string
  /** Where the embedded PGlite database lives (inside dataDir). */
  pgliteDir: string
  databaseUrl: string | undefined
  migrationUrl: string | undefined
  seedDemo: boolean
  auditKey: string | undefined
  auditKeyFile: string
  auditCheckpointFile: string
  /** Fixed "today" for deterministic demo data; defaults to the real date. */
  today: string | undefined
  logLevel: string
  production: boolean
  /** The hotspots map's tile server, when one is configured (otherwise the points show on a plain base). */
  mapTiles?: MapTiles
}

export type MapTiles = {
  /** Leaflet's URL template: {z}/{x}/{y}, optionally {s} for subdomains. */
  urlTemplate: string
  /** For the CSP's img-src: `https://tile.example`, or `https://*.tile.example` when the template uses {s}. */
  origin: string
  attribution: string
}

/** The origin a tile URL template loads images from, as a CSP source. */
export function mapTileOrigin(template: string): string {
  const match = /^(https?):\/\/([^/]+)/.exec(template)
  if (!match) throw new Error('not a tile URL template')
  const host = match[2]!.replace(/^\{s\}\./, '*.')
  if (!/^(\*\.)?[A-Za-z0-9.-]+(:\d+)?$/.test(host)) throw new Error('a tile URL template may use {s} only as the first part of the host')
  return `${match[1]}://${host}`
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = schema.parse(env)
  const dataDir = path.resolve(e.LANTERN_DATA_DIR)
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    pgliteDir: path.join(dataDir, 'pgdata'),
    databaseUrl: e.DATABASE_URL,
    migrationUrl: e.DATABASE_MIGRATION_URL ?? e.DATABASE_URL,
    seedDemo: e.DATABASE_URL ? e.LANTERN_DEMO === '1' : e.LANTERN_DEMO !== '0',
    auditKey: e.LANTERN_AUDIT_KEY,
    // The key and checkpoints live beside the database folder, never inside it: an attacker who can rewrite
    // the database must not also be able to rewrite the evidence that detects it.
    auditKeyFile: path.resolve(e.LANTERN_AUDIT_KEY_FILE ?? path.join(dataDir, 'audit.key')),
    auditCheckpointFile: path.resolve(e.LANTERN_AUDIT_CHECKPOINT_FILE ?? path.join(dataDir, 'audit-checkpoints.log')),
    today: e.LANTERN_TODAY,
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === 'production',
    mapTiles: e.LANTERN_MAP_TILE_URL
      ? { urlTemplate: e.LANTERN_MAP_TILE_URL, origin: mapTileOrigin(e.LANTERN_MAP_TILE_URL), attribution: e.LANTERN_MAP_ATTRIBUTION ?? `Map tiles: ${mapTileOrigin(e.LANTERN_MAP_TILE_URL)}` }
      : undefined,
  }
}
