import nodemailer, { type SendMailOptions } from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { decodeHeader, parseEml } from './eml.js';

/** What nodemailer writes for `message`, read back the way the development mailbox reads its files. */
async function roundTrip(message: SendMailOptions, textEncoding?: 'base64' | 'quoted-printable') {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await composer.sendMail({
    from: 'Gradins <ne-pas-repondre@gradins.localhost>',
    ...message,
    ...(textEncoding ? { textEncoding } : {}),
  });
  return parseEml((info.message as Buffer).toString('latin1'));
}

const frenchText =
  'Bonjour Éloïse,\n\nVotre invitation à rejoindre « Gradins » expire à 18 h : suivez ce lien ' +
  'https://gradins.example.fr/invitation/abcdefghijklmnopqrstuvwxyz0123456789 avant ce soir.\n' +
  'Ça marche aussi depuis un téléphone ; voilà, c’est tout — merci ! 🎟\n';

describe('parseEml', () => {
  it('reads back a plain text mail with French accents, long lines and an emoji', async () => {
    const mail = await roundTrip({
      to: 'eloise.dupre@example.fr',
      subject:
        'Invitation à rejoindre Gradins : créez votre accès avant l’échéance de ce soir, s’il vous plaît',
      text: frenchText,
    });
    expect(mail).toEqual({
      to: 'eloise.dupre@example.fr',
      subject:
        'Invitation à rejoindre Gradins : créez votre accès avant l’échéance de ce soir, s’il vous plaît',
      text: frenchText,
    });
  });

  it('takes the text part of a mail that also has HTML', async () => {
    const mail = await roundTrip({
      to: 'a@example.fr',
      subject: 'Billet',
      text: frenchText,
      html: '<p>Bonjour Éloïse</p>',
    });
    expect(mail.text).toBe(frenchText);
  });

  it('reads base64 bodies too', async () => {
    const mail = await roundTrip({ to: 'a@example.fr', subject: 'Été', text: frenchText }, 'base64');
    expect(mail).toMatchObject({ subject: 'Été', text: frenchText });
  });

  it('decodes B and Q encoded words and drops the space between two of them', () => {
    expect(decodeHeader('=?UTF-8?B?w4l0w6k=?= =?UTF-8?Q?_=C3=A0_Lens?=')).toBe('Été à Lens');
    expect(decodeHeader('Plain ASCII')).toBe('Plain ASCII');
  });
});
