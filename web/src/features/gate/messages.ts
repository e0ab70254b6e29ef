import type { Dictionary } from '../../app/i18n';

/** The words of the gate scanner page (French first). */
export const gateMessages: Dictionary<{
  pageTitle: string;
  lead: string;
  noEvent: string;
  event: string;
  choose: string;
  gate: string;
  gateHint: string;
  online: string;
  offline: string;
  lists: (at: string, ended: number) => string;
  queued: (count: number) => string;
  noPackTitle: string;
  noPack: string;
  code: string;
  codeHint: string;
  check: string;
  accepted: string;
  refused: (reason: string) => string;
  firstEntry: (at: string, gate: string) => string;
  compare: string;
  decidedOffline: string;
  doublesTitle: string;
  noDoubles: string;
  double: (ticket: string, at: string, gate: string, first: string) => string;
  afterEnd: (ticket: string, at: string, gate: string) => string;
}> = {
  fr: {
    pageTitle: 'Contrôle des billets à l’entrée',
    lead: 'Scannez le QR code du billet ou saisissez son code. Chaque billet n’entre qu’une fois ; comparez les initiales et l’année de naissance avec une pièce d’identité. Sans réseau, la page continue de contrôler et envoie les entrées dès que le réseau revient.',
    noEvent:
      'Aucune épreuve ne vous est confiée : demandez à l’administration une habilitation d’agent d’accueil pour une épreuve.',
    event: 'Épreuve',
    choose: 'Choisissez l’épreuve',
    gate: 'Porte',
    gateHint: 'Le nom de votre entrée, par exemple « Porte A ».',
    online: 'En ligne',
    offline: 'Hors ligne',
    lists: (at, ended) =>
      `Listes du ${at} (${ended} billet${ended > 1 ? 's' : ''} révoqué${ended > 1 ? 's' : ''}).`,
    queued: (count) => `${count} entrée${count > 1 ? 's' : ''} en attente d’envoi.`,
    noPackTitle: 'Contrôle hors ligne impossible',
    noPack:
      'Les listes de l’épreuve ne sont pas encore sur cet appareil : ouvrez la page une fois avec du réseau.',
    code: 'Code du billet',
    codeHint: 'Le texte sous le QR code, qui commence par GT1:',
    check: 'Contrôler',
    accepted: 'Entrée acceptée',
    refused: (reason) => `Refusé : ${reason}`,
    firstEntry: (at, gate) => `Première entrée le ${at}, ${gate}.`,
    compare: 'Comparez avec une pièce d’identité (initiales du prénom et du nom, année de naissance) :',
    decidedOffline: 'Décidé hors ligne sur cet appareil ; l’entrée sera envoyée au retour du réseau.',
    doublesTitle: 'Doubles entrées signalées',
    noDoubles: 'Aucune double entrée signalée pour cet appareil.',
    double: (ticket, at, gate, first) =>
      `Billet ${ticket} : scanné le ${at} (${gate}) alors qu’il était déjà entré (${first}).`,
    afterEnd: (ticket, at, gate) => `Billet ${ticket} : scanné le ${at} (${gate}) alors qu’il était révoqué.`,
  },
  en: {
    pageTitle: 'Ticket control at the gate',
    lead: 'Scan the ticket’s QR code or type its code. Each ticket enters once; compare the initials and birth year with an identity document. Without network the page keeps checking and sends the entries as soon as the network returns.',
    noEvent: 'No event is assigned to you: ask the administration for a gate agent grant for an event.',
    event: 'Event',
    choose: 'Choose the event',
    gate: 'Gate',
    gateHint: 'The name of your entrance, e.g. “Gate A”.',
    online: 'Online',
    offline: 'Offline',
    lists: (at, ended) => `Lists of ${at} (${ended} revoked ticket${ended === 1 ? '' : 's'}).`,
    queued: (count) => `${count} entr${count === 1 ? 'y' : 'ies'} waiting to be sent.`,
    noPackTitle: 'Offline control not possible',
    noPack: 'The event’s lists are not on this device yet: open the page once with network.',
    code: 'Ticket code',
    codeHint: 'The text under the QR code, starting with GT1:',
    check: 'Check',
    accepted: 'Entry accepted',
    refused: (reason) => `Refused: ${reason}`,
    firstEntry: (at, gate) => `First entry on ${at}, ${gate}.`,
    compare: 'Compare with an identity document (initials of first name and surname, birth year):',
    decidedOffline: 'Decided offline on this device; the entry will be sent when the network returns.',
    doublesTitle: 'Double entries reported',
    noDoubles: 'No double entry reported for this device.',
    double: (ticket, at, gate, first) =>
      `Ticket ${ticket}: scanned on ${at} (${gate}) after it had already entered (${first}).`,
    afterEnd: (ticket, at, gate) => `Ticket ${ticket}: scanned on ${at} (${gate}) while it was revoked.`,
  },
};
