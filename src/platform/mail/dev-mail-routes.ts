import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Problem } from '../../../contracts/system.js';
import type { GradinsConfig } from '../config/config.js';
import { publicAccess } from '../http/access.js';
import { platformProblems, ProblemError } from '../http/problem.js';
import {
  devMailboxDir,
  devMailboxEnabled,
  findDevMail,
  listDevMails,
  mayReadDevMailbox,
} from './dev-mailbox.js';

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

const access = publicAccess(
  'development mailbox: only without SMTP, outside production, and to the server’s own machine (loopback)',
);

const notFromThisMachine = () =>
  new ProblemError(
    403,
    'dev-mailbox-local-only',
    { fr: 'Boîte de développement réservée à ce serveur', en: 'Development mailbox for this server only' },
    {
      fr: 'La boîte aux lettres de développement ne s’ouvre que depuis la machine où tourne Gradins (adresse 127.0.0.1 ou ::1), car elle contient les liens d’invitation et d’installation. Ouvrez-la depuis cette machine (http://localhost…/dev/courriels), ou configurez SMTP_URL pour envoyer de vrais courriels.',
      en: 'The development mailbox only opens from the machine Gradins runs on (address 127.0.0.1 or ::1), since it holds invitation and set-up links. Open it from that machine (http://localhost…/dev/courriels), or set SMTP_URL to send real mails.',
    },
  );
/**
 * The development mailbox over HTTP, so that people and browser tests can follow the links mails carry.
 * It registers nothing when SMTP is configured or in production: real mails never show here. Even then it
 * answers only requests from the server's own machine: `npm start` listens on every interface, and the
 * mails carry links that open accounts.
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
  // This plugin's routes only (Fastify encapsulation), before anything else is looked at.
  app.addHook('onRequest', async (request) => {
    const local = mayReadDevMailbox({
      clientAddress: request.ip,
      forwardedFor: request.headers['x-forwarded-for'],
      forwarded: request.headers.forwarded,
    });
    if (!local) throw notFromThisMachine();
  });

  routes.get(
    '/api/v1/dev/mail',
    {
      config: access,
      schema: {
        tags: ['system'],
        summary: 'Boîte de développement : les derniers courriels écrits au lieu d’être envoyés',
        response: { 200: z.array(DevMail), 403: Problem },
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
        response: { 200: DevMail, 400: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => {
      const mail = await findDevMail(dir, request.params.id);
      if (!mail) throw platformProblems.notFound(request.url.split('?')[0] ?? '/');
      return mail;
    },
  );
}
