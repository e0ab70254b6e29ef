import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMessage {
  /** The SMTP envelope, as the client gave it in MAIL FROM and RCPT TO. */
  envelope: { from: string; to: string[] };
  /** The message as received, one character per byte (latin1), ready for `parseEml`. */
  raw: string;
}

export interface TestSmtpServer {
  /** The SMTP_URL that reaches this server, credentials included when it asks for them. */
  url: string;
  received: ReceivedMessage[];
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 and a free port, keeping every message it accepts. Plain text only (no
 * STARTTLS), so credentials, when asked for, travel unencrypted: for tests on the loopback only.
 */
export async function startTestSmtpServer(
  options: {
    auth?: { user: string; pass: string };
    /** Answers every RCPT TO with `550 <address>: unknown user`, the way real servers echo addresses. */
    rejectRecipients?: boolean;
  } = {},
): Promise<TestSmtpServer> {
  const received: ReceivedMessage[] = [];
  const { auth, rejectRecipients = false } = options;
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    authOptional: !auth,
    allowInsecureAuth: true,
    onAuth: (credentials, _session, callback) => {
      if (auth && credentials.username === auth.user && credentials.password === auth.pass) {
        callback(null, { user: credentials.username });
      } else {
        callback(new Error('Invalid username or password'));
      }
    },
    onRcptTo: (address, _session, callback) => {
      if (!rejectRecipients) return callback();
      callback(Object.assign(new Error(`<${address.address}>: unknown user`), { responseCode: 550 }));
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mailFrom = session.envelope.mailFrom;
        received.push({
          envelope: {
            from: mailFrom ? mailFrom.address : '',
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
          },
          raw: Buffer.concat(chunks).toString('latin1'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  const credentials = auth ? `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.pass)}@` : '';
  return {
    url: `smtp://${credentials}127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
