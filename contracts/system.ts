import { z } from 'zod';

export const HealthResponse = z
  .object({
    status: z.literal('ok'),
    database: z.enum(['pglite', 'postgresql']),
    schema: z.string().describe('Tag of the newest migration applied to the database, e.g. 0000_init.'),
  })
  .meta({ id: 'Health' });
export type HealthResponse = z.infer<typeof HealthResponse>;

/** `/.well-known/gradins/keys.json`, specified in docs/formats/public-keys.md. */
export const PublicKeysDocument = z
  .object({
    issuer: z.literal('gradins'),
    keys: z.array(
      z.object({
        kid: z.string(),
        purpose: z.enum(['ticket', 'draw', 'audit']),
        kty: z.literal('OKP'),
        crv: z.literal('Ed25519'),
        alg: z.literal('EdDSA'),
        use: z.literal('sig'),
        x: z.string().describe('Raw 32-byte public key, base64url without padding.'),
        spki_pem: z.string().describe('The same key as SubjectPublicKeyInfo PEM, for openssl.'),
        not_before: z.string(),
        not_after: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'PublicKeys' });
export type PublicKeysDocument = z.infer<typeof PublicKeysDocument>;

export const Problem = z
  .object({
    type: z.string().describe('Stable identifier of the kind of problem, urn:gradins:problem:<code>.'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().describe('What is wrong and how to fix it, in French unless English was asked for.'),
    instance: z.string().optional(),
    request_id: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof Problem>;
