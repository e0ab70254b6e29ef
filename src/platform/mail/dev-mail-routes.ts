import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Problem } from '../../../contracts/system.js';
import type { GradinsConfig } from '../config/config.js';
import { publicAccess } from '../http/access.js';
import { platformProblems } from '../http/problem.js';
import { devMailboxDir, devMailboxEnabled, findDevMail, listDevMails } from './dev-mailbox.js';

const DevMail = z
  .object({
    id: z.uuid().describe('Identifier of the mail in the outbox.'),
    file: z.string().describe('Name of the .eml file in <GRADINS_DATA_DIR>/mail/.'),
    receivedAt: z.iso.datetime(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
  })
  .meta({ id: 'DevMail' });

const access = publicAccess('development mailbox: only exists without SMTP, outside production');

/**
 * The development mailbox over HTTP, so that people and browser tests can follow the links mails carry.
 * It registers nothing when SMTP is configured or in production: real mails never show here.
 */
export async function devMailRoutes(
  app: FastifyInstance,
  {
    config,
    env = process.env,
  }: { config: Pick<GradinsConfig, 'smtpUrl' | 'dataDir'>; env?: NodeJS.ProcessEnv },
): Promise<void> {
  if (!devMailboxEnabled(config, env)) return;
  const dir = devMailboxDir(config.dataDir);
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    '/api/v1/dev/mail',
    {
      config: access,
      schema: {
        tags: ['system'],
        summary: 'Boîte de développement : les derniers courriels écrits au lieu d’être envoyés',
        response: { 200: z.array(DevMail) },
      },
    },
    async () => listDevMails(dir),
  );

  routes.get(
    '/api/v1/dev/mail/:id',
    {
      config: access,
      schema: {
        tags: ['system'],
        summary: 'Boîte de développement : un courriel',
        params: z.object({ id: z.uuid() }),
        response: { 200: DevMail, 400: Problem, 404: Problem },
      },
    },
    async (request) => {
      const mail = await findDevMail(dir, request.params.id);
      if (!mail) throw platformProblems.notFound(request.url.split('?')[0] ?? '/');
      return mail;
    },
  );
}
