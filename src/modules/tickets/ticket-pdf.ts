import PDFDocument from 'pdfkit';
import { winAnsi } from '../draws/pdf.js';
import { ticketQrPng, type HeldTickets } from './delivery.js';

// The printable tickets (TAJ-3, TAJ-14), for holders without a smartphone: one ticket per A4 page — the
// programme's name and logo, the holder, the event, venue, date and time in Paris time, and the QR code 8 cm
// wide (a phone or a gate scanner reads it at arm's length). The standard PDF fonts, as the draws' control
// reports (`draws/pdf.ts`, whose WinAnsi filter is reused). Only live tickets with a code are printed.

const QR_POINTS = 227; // 8 cm

const day = (paris: string) => {
  const [date, time] = paris.split('T') as [string, string];
  const [year, month, dayOfMonth] = date.split('-');
  return `${dayOfMonth}/${month}/${year} à ${time.replace(':', ' h ')}`;
};

export async function ticketsPdf(held: HeldTickets, at: Date): Promise<Buffer> {
  const printable = held.tickets.filter((ticket) => ticket.code);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    lang: 'fr-FR',
    autoFirstPage: false,
    info: { Title: winAnsi(`Billets — ${held.programme.name}`), Author: 'Gradins', CreationDate: at },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = 595.28 - 100;
  for (const [index, ticket] of printable.entries()) {
    doc.addPage();
    let top = 50;
    if (held.programme.logo) {
      doc.image(held.programme.logo.png, 50, top, { fit: [120, 60] });
      top += 70;
    }
    doc.font('Helvetica-Bold').fontSize(20).text(winAnsi(held.programme.name), 50, top, { width });
    doc
      .moveDown(0.2)
      .font('Helvetica')
      .fontSize(11)
      .text('Billet nominatif — ni revente ni cession', { width });
    doc.moveDown(1);
    const field = (label: string, value: string) => {
      doc
        .font('Helvetica-Bold')
        .fontSize(12)
        .text(`${winAnsi(label)} : `, 50, undefined, { continued: true, width });
      doc.font('Helvetica').text(winAnsi(value));
    };
    field('Titulaire', ticket.holderName ?? `${ticket.groupName ?? 'Groupe'} (participant à nommer)`);
    if (ticket.groupName && ticket.holderName) field('Groupe', ticket.groupName);
    if (ticket.holderCheck) field('Contrôle (initiales, année de naissance)', ticket.holderCheck);
    field('Épreuve', `${ticket.sport} (${ticket.event})`);
    field('Lieu', ticket.venue);
    field('Date et heure (heure de Paris)', day(ticket.startsAtParis));
    doc.moveDown(1);
    const qrTop = doc.y;
    doc.image(await ticketQrPng(ticket.code!, 10), (595.28 - QR_POINTS) / 2, qrTop, {
      width: QR_POINTS,
      height: QR_POINTS,
    });
    doc
      .font('Helvetica')
      .fontSize(9)
      .text(
        winAnsi(
          `Présentez ce code QR à l’entrée avec une pièce d’identité. Billet ${ticket.id} — ${index + 1} / ${printable.length}`,
        ),
        50,
        qrTop + QR_POINTS + 12,
        { width, align: 'center' },
      );
  }
  if (printable.length === 0) {
    doc.addPage();
    doc.font('Helvetica').fontSize(12).text('Aucun billet valable à imprimer.', 50, 50);
  }
  doc.end();
  return done;
}
