import path from 'node:path';
import { StartupError } from '../startup-error.js';

export type DatabaseConfig =
  { kind: 'pglite'; dataDir: string } | { kind: 'postgresql'; url: string; displayUrl: string };

export interface GradinsConfig {
  port: number;
  host: string;
  dataDir: string;
  keysDir: string;
  database: DatabaseConfig;
  smtpUrl: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Requests per minute and per client address on the whole HTTP surface. */
  rateLimitPerMinute: number;
  /** Where the built web app lives; absent = API only. */
  webDistDir: string;
  /** The address people reach Gradins at, for links in e-mails (default http://localhost:PORT). */
  publicUrl: string;
  /**
   * Reverse proxies whose X-Forwarded-* headers are believed (client address for rate limits and audit,
   * HTTPS for Secure cookies): false, a number of hops, or addresses/CIDR ranges (`loopback` allowed).
   */
  trustProxy: false | number | string[];
  /** How often the audit log's pending entries are placed and a signed head issued (at most 10, SEC-6). */
  auditHeadMinutes: number;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Reads the configuration from environment variables (listed in `.env.example`). Every fault is a
 * StartupError that says which variable is wrong and what a good value looks like.
 */
export function loadConfig(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): GradinsConfig {
  const dataDir = path.resolve(cwd, nonEmpty(env.GRADINS_DATA_DIR) ?? 'data');
  const keysDir = path.resolve(cwd, nonEmpty(env.GRADINS_KEYS_DIR) ?? path.join(dataDir, 'keys'));
  const databaseUrl = nonEmpty(env.DATABASE_URL);
  const port = parsePort(env.PORT);
  return {
    port,
    host: nonEmpty(env.HOST) ?? '0.0.0.0',
    dataDir,
    keysDir,
    database: databaseUrl
      ? parseDatabaseUrl(databaseUrl)
      : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') },
    smtpUrl: nonEmpty(env.SMTP_URL),
    logLevel: parseLogLevel(env.LOG_LEVEL),
    rateLimitPerMinute: parsePositiveInteger('GRADINS_RATE_LIMIT', env.GRADINS_RATE_LIMIT, 1000),
    webDistDir: path.resolve(cwd, nonEmpty(env.GRADINS_WEB_DIR) ?? 'web/dist'),
    publicUrl: parsePublicUrl(env.GRADINS_PUBLIC_URL, port),
    trustProxy: parseTrustProxy(env.GRADINS_TRUST_PROXY),
    auditHeadMinutes: Math.min(
      10,
      parsePositiveInteger('GRADINS_AUDIT_HEAD_MINUTES', env.GRADINS_AUDIT_HEAD_MINUTES, 10),
    ),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function parsePort(raw: string | undefined): number {
  const value = nonEmpty(raw);
  if (value === undefined) return 3000;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new StartupError('config.port-invalid', {
      fr: `la variable PORT vaut « ${value} », ce qui n'est pas un numéro de port. Donnez un entier entre 0 et 65535, par exemple PORT=3000.`,
      en: `PORT is "${value}", which is not a port number. Give an integer between 0 and 65535, for example PORT=3000.`,
    });
  }
  return port;
}

function parsePositiveInteger(name: string, raw: string | undefined, fallback: number): number {
  const value = nonEmpty(raw);
  if (value === undefined) return fallback;
  if (!/^[1-9]\d{0,8}$/.test(value)) {
    throw new StartupError('config.integer-invalid', {
      fr: `la variable ${name} vaut « ${value} » ; elle doit être un entier strictement positif.`,
      en: `${name} is "${value}"; it must be a positive integer.`,
    });
  }
  return Number(value);
}

function parseTrustProxy(raw: string | undefined): GradinsConfig['trustProxy'] {
  const value = nonEmpty(raw);
  if (value === undefined || value === 'false') return false;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  if (entries.every((entry) => /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/.test(entry)))
    return entries;
  throw new StartupError('config.trust-proxy-invalid', {
    fr: `la variable GRADINS_TRUST_PROXY vaut « ${value} » ; donnez le nombre de proxys devant Gradins (par exemple 1) ou leurs adresses séparées par des virgules (par exemple loopback,10.0.0.0/8).`,
    en: `GRADINS_TRUST_PROXY is "${value}"; give the number of proxies in front of Gradins (for example 1) or their addresses separated by commas (for example loopback,10.0.0.0/8).`,
  });
}

function parsePublicUrl(raw: string | undefined, port: number): string {
  const value = nonEmpty(raw);
  if (value === undefined) return `http://localhost:${port}`;
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
    return url.origin + url.pathname.replace(/\/$/, '');
  } catch {
    throw new StartupError('config.public-url-invalid', {
      fr: `la variable GRADINS_PUBLIC_URL vaut « ${value} » ; donnez l'adresse publique du service, par exemple https://gradins.exemple.gouv.fr.`,
      en: `GRADINS_PUBLIC_URL is "${value}"; give the public address of the service, for example https://gradins.example.gouv.fr.`,
    });
  }
}

function parseLogLevel(raw: string | undefined): GradinsConfig['logLevel'] {
  const value = nonEmpty(raw)?.toLowerCase() ?? 'info';
  const level = LOG_LEVELS.find((candidate) => candidate === value);
  if (!level) {
    throw new StartupError('config.log-level-invalid', {
      fr: `la variable LOG_LEVEL vaut « ${value} » ; valeurs possibles : ${LOG_LEVELS.join(', ')}.`,
      en: `LOG_LEVEL is "${value}"; allowed values: ${LOG_LEVELS.join(', ')}.`,
    });
  }
  return level;
}

/** Accepts postgres:// and postgresql:// URLs with a host and a database name. */
export function parseDatabaseUrl(raw: string): DatabaseConfig {
  const invalid = (why: { fr: string; en: string }) =>
    new StartupError('config.database-url-invalid', {
      fr: `la variable DATABASE_URL n'est pas une adresse PostgreSQL valable (${why.fr}). Elle doit ressembler à postgres://utilisateur:motdepasse@hote:5432/base ; retirez-la pour utiliser la base embarquée.`,
      en: `DATABASE_URL is not a valid PostgreSQL URL (${why.en}). It should look like postgres://user:password@host:5432/database; unset it to use the embedded database.`,
    });
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid({ fr: 'adresse illisible', en: 'unparsable URL' });
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw invalid({
      fr: `le schéma « ${url.protocol.replace(/:$/, '')} » n'est pas postgres ou postgresql`,
      en: `scheme "${url.protocol.replace(/:$/, '')}" is not postgres or postgresql`,
    });
  }
  if (!url.hostname) throw invalid({ fr: 'aucun hôte', en: 'no host' });
  if (url.pathname.length <= 1) throw invalid({ fr: 'aucun nom de base', en: 'no database name' });
  return { kind: 'postgresql', url: raw, displayUrl: redactDatabaseUrl(url) };
}

/** Host, port and database only: safe to print and to log (a password may also hide in the query). */
function redactDatabaseUrl(url: URL): string {
  return `${url.protocol}//${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}
