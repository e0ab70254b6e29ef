import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { publicAccess } from './access.js';
import { platformProblems } from './problem.js';

const API_PREFIXES = ['/api/', '/.well-known/'];

/**
 * Serves the built web app: a file when one matches, index.html for every other page address (the React
 * router takes over), and problem+json for unknown API addresses. Without a build, the API still works.
 */
export async function webRoutes(app: FastifyInstance, { webDistDir }: { webDistDir: string }): Promise<void> {
  const indexFile = path.join(webDistDir, 'index.html');
  const built = fs.existsSync(indexFile);
  if (!built) app.log.warn({ webDistDir }, 'web app not built: run `npm run build:web`; the API still works');
  else
    await app.register(fastifyStatic, { root: webDistDir, serve: false, index: false, cacheControl: false });

  app.get(
    '/*',
    {
      config: publicAccess('the web app shell holds no data; its pages fetch the API'),
      schema: { hide: true },
    },
    async (request, reply) => {
      const urlPath = decodeURIComponentSafe(request.url.split('?')[0] ?? '/');
      if (!built || urlPath === undefined || API_PREFIXES.some((prefix) => urlPath.startsWith(prefix))) {
        throw platformProblems.notFound(request.url.split('?')[0] ?? '/');
      }
      const file = path.join(webDistDir, path.normalize(urlPath));
      if (file.startsWith(webDistDir + path.sep) && isFile(file)) {
        const immutable = urlPath.startsWith('/assets/');
        return reply
          .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
          .sendFile(path.relative(webDistDir, file));
      }
      return reply
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8')
        .sendFile('index.html');
    },
  );
}

function decodeURIComponentSafe(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
