// A software WebAuthn authenticator for the integration tests: a real ES256 (P-256) key pair, a CBOR
// attestation object of format "none", authenticator data with the RP id hash, flags, signature counter and
// attested credential data (COSE key), and client data with the challenge and origin — what a browser and a
// security key would send, built by hand so the server's verification runs for real.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';

const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_ATTESTED_CREDENTIAL_DATA = 0x40;
const COSE = { kty: 1, alg: 3, crv: -1, x: -2, y: -3, EC2: 2, ES256: -7, P256: 1 } as const;

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();
const uint32 = (value: number) => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
};

export interface RegistrationJson {
  id: string;
  rawId: string;
  type: 'public-key';
  response: { clientDataJSON: string; attestationObject: string; transports: string[] };
  clientExtensionResults: Record<string, never>;
}

export interface AssertionJson {
  id: string;
  rawId: string;
  type: 'public-key';
  response: { clientDataJSON: string; authenticatorData: string; signature: string };
  clientExtensionResults: Record<string, never>;
}

/** What a test may change to build a response a genuine authenticator would not send. */
export interface Tampering {
  /** The page the browser says it ran on. */
  origin?: string;
  /** The signature counter to report (defaults to the next value). */
  counter?: number;
  /** Signs with another key than the registered one. */
  signingKey?: KeyObject;
}

export class SoftwareAuthenticator {
  readonly credentialId = randomBytes(32);
  private readonly keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  /** The signature counter, moved forward at every assertion. */
  counter = 0;

  constructor(
    /** The origin the browser runs on, e.g. http://127.0.0.1:3000 */
    readonly origin: string,
    readonly rpId: string = new URL(origin).hostname,
  ) {}

  get id(): string {
    return b64url(this.credentialId);
  }

  /** Another authenticator's private key, to sign with (a forged assertion). */
  static foreignKey(): KeyObject {
    return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  }

  /** The answer of `navigator.credentials.create()` to the server's registration options. */
  register(options: { challenge: string }, tampering: Tampering = {}): RegistrationJson {
    const jwk = this.keys.publicKey.export({ format: 'jwk' });
    const coseKey = new Map<number, number | Uint8Array>([
      [COSE.kty, COSE.EC2],
      [COSE.alg, COSE.ES256],
      [COSE.crv, COSE.P256],
      [COSE.x, Buffer.from(jwk.x!, 'base64url')],
      [COSE.y, Buffer.from(jwk.y!, 'base64url')],
    ]);
    const credentialIdLength = Buffer.alloc(2);
    credentialIdLength.writeUInt16BE(this.credentialId.length);
    const authenticatorData = Buffer.concat([
      sha256(this.rpId),
      Buffer.from([FLAG_USER_PRESENT | FLAG_USER_VERIFIED | FLAG_ATTESTED_CREDENTIAL_DATA]),
      uint32(tampering.counter ?? this.counter),
      Buffer.alloc(16), // AAGUID: none
      credentialIdLength,
      this.credentialId,
      isoCBOR.encode(coseKey),
    ]);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Uint8Array | Map<string, never>>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, never>()],
        ['authData', authenticatorData],
      ]),
    );
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: this.clientData('webauthn.create', options.challenge, tampering),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
      clientExtensionResults: {},
    };
  }

  /** The answer of `navigator.credentials.get()` to the server's authentication options. */
  authenticate(options: { challenge: string }, tampering: Tampering = {}): AssertionJson {
    const counter = tampering.counter ?? (this.counter += 1);
    const authenticatorData = Buffer.concat([
      sha256(this.rpId),
      Buffer.from([FLAG_USER_PRESENT | FLAG_USER_VERIFIED]),
      uint32(counter),
    ]);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, tampering);
    const signature = sign(
      'sha256',
      Buffer.concat([authenticatorData, sha256(Buffer.from(clientDataJSON, 'base64url'))]),
      tampering.signingKey ?? this.keys.privateKey,
    );
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON,
        authenticatorData: b64url(authenticatorData),
        signature: b64url(signature),
      },
      clientExtensionResults: {},
    };
  }

  private clientData(type: string, challenge: string, tampering: Tampering): string {
    const json = JSON.stringify({
      type,
      challenge,
      origin: tampering.origin ?? this.origin,
      crossOrigin: false,
    });
    return b64url(Buffer.from(json, 'utf8'));
  }
}
