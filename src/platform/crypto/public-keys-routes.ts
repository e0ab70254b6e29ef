import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PublicKeysDocument } from '../../../contracts/system.js';
import { publicAccess } from '../http/access.js';
import type { KeyStore } from './keystore.js';

/** The platform's public signing keys, so that anyone can check a ticket, a draw record or an audit head. */
export function publicKeysDocument(keys: KeyStore): PublicKeysDocument {
  return {
    issuer: 'gradins',
    keys: keys.publicSigningKeys().map((key) => ({
      kid: key.kid,
      purpose: key.purpose,
      kty: 'OKP' as const,
      crv: 'Ed25519' as const,
      alg: 'EdDSA' as const,
      use: 'sig' as const,
      x: key.x,
      spki_pem: key.spkiPem,
      not_before: key.notBefore,
      not_after: key.notAfter,
    })),
  };
}

export async function publicKeysRoutes(app: FastifyInstance, { keys }: { keys: KeyStore }): Promise<void> {
  const document = publicKeysDocument(keys);
  app.withTypeProvider<ZodTypeProvider>().get(
    '/.well-known/gradins/keys.json',
    {
      config: publicAccess('public keys exist to be fetched by anyone who verifies our signatures'),
      schema: {
        tags: ['system'],
        summary: 'Clés publiques de signature (Ed25519) de la plateforme',
        response: { 200: PublicKeysDocument },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return document;
    },
  );
}
