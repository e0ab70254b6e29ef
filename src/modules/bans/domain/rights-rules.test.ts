import { describe, expect, it } from 'vitest';
import { administrativeBan } from '../../../../test/factories/bans.js';
import { frenchDay, informationLetter, letterText } from './information-letter.js';
import {
  answeredRequestsCutoff,
  checkPastDay,
  isOverdue,
  outcomeMisfit,
  rightsRequestDueOn,
} from './rights-request.js';

const settings = {
  controllerName: 'Club des Tribunes',
  controllerAddress: '1 avenue du Stade, 75016 Paris',
  recipients: 'le service sécurité et le service billetterie',
  rightsServiceAddress: 'Service des droits, 1 avenue du Stade, 75016 Paris',
  rightsServiceEmail: 'droits@tribunes.example.fr',
};

describe('the rights-requests register (BAN-5)', () => {
  it('makes an answer due one calendar month after receipt, the last day of a shorter month', () => {
    expect(rightsRequestDueOn('2026-01-31')).toBe('2026-02-28');
    expect(rightsRequestDueOn('2028-01-31')).toBe('2028-02-29');
    expect(rightsRequestDueOn('2026-04-30')).toBe('2026-05-30');
    expect(rightsRequestDueOn('2026-12-15')).toBe('2027-01-15');
  });

  it('is overdue only while open, from the day after the due day', () => {
    expect(isOverdue({ status: 'open', dueOn: '2026-10-15' }, '2026-10-15')).toBe(false);
    expect(isOverdue({ status: 'open', dueOn: '2026-10-15' }, '2026-10-16')).toBe(true);
    expect(isOverdue({ status: 'answered', dueOn: '2026-10-15' }, '2026-12-01')).toBe(false);
  });

  it('accepts only the outcomes of the kind, and « not in the registry » only for a request about no ban', () => {
    expect(outcomeMisfit({ kind: 'access', banId: 'b' }, 'data_sent')).toBeUndefined();
    expect(outcomeMisfit({ kind: 'access', banId: 'b' }, 'rectified')).toBe('kind');
    expect(outcomeMisfit({ kind: 'rectification', banId: 'b' }, 'opposition_accepted')).toBe('kind');
    expect(outcomeMisfit({ kind: 'opposition', banId: 'b' }, 'opposition_rejected')).toBeUndefined();
    expect(outcomeMisfit({ kind: 'opposition', banId: 'b' }, 'not_in_registry')).toBe('in-registry');
    expect(outcomeMisfit({ kind: 'opposition', banId: null }, 'not_in_registry')).toBeUndefined();
  });

  it('keeps answered requests 12 months, and refuses days to come or impossible', () => {
    expect(answeredRequestsCutoff('2027-09-15')).toBe('2026-09-15');
    expect(answeredRequestsCutoff('2029-02-28')).toBe('2028-02-28');
    expect(checkPastDay('receivedOn', '2026-09-15', '2026-09-15')).toBeUndefined();
    expect(checkPastDay('receivedOn', '2026-09-16', '2026-09-15')?.path).toBe('receivedOn');
    expect(checkPastDay('receivedOn', '2026-02-30', '2026-09-15')?.message).toBe('date impossible');
  });
});

describe('the information letter (AU-42 art. 6)', () => {
  const administrative = {
    ...administrativeBan('2026-09-01', '2027-08-31', {}, ['Parc des Princes', 'Stade de France']),
    startsOn: '2026-09-01',
    lastDay: '2027-08-31',
    suspended: true,
    hasPhoto: false,
  };

  it('writes French dates', () => {
    expect(frenchDay('2026-04-01')).toBe('1er avril 2026');
    expect(frenchDay('2026-08-15')).toBe('15 août 2026');
  });

  it('names the controller, purpose, recipients, rights service, retention and the measure — no address it lacks', () => {
    const text = letterText(informationLetter(settings, administrative, '2026-09-15'));
    for (const expected of [
      'Le 15 septembre 2026',
      'À l’attention de Loïc MARCHETTI',
      'arrêté préfectoral du 1er septembre 2026',
      'Parc des Princes et Stade de France, et leurs abords',
      'avec l’obligation de répondre aux convocations',
      'actuellement suspendue',
      'le 1er septembre 2027', // deleted the day after the last day
      settings.recipients,
      settings.rightsServiceAddress,
      settings.rightsServiceEmail,
      'opposition pour un motif légitime',
      'CNIL',
    ])
      expect(text, expected).toContain(expected);
    expect(text).toContain(
      'Le registre contient vos nom et prénom, vos date et lieu de naissance et les éléments de la mesure',
    );
    expect(text).not.toContain('votre adresse');
    expect(text).not.toContain('une photographie,');
  });
});
