// The applicants journeys of issue [E] in the browser: a parent applies for a 12-year-old pupil (the child's and
// the parent's consent), on a phone screen too; a group manager registers a group of 20 with 2 wheelchair places
// and enters the participants from the link received by mail; an operator imports a CSV file with bad lines and
// reads the report; an imported person asks for their follow-up link; the operator erases an applicant. Real server, Chromium, axe on every page, no CSP violation and no console error.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { holderId } from '../../src/modules/programmes/repository.js';
import {
  games,
  programmeOperators,
  sportEvents,
  stockMovements,
} from '../../src/platform/db/schema/index.js';
import { buildUser, signIn, type BuiltUser } from '../factories/accounts.js';
import { buildOperator, defaultProgramme } from '../factories/programmes.js';
import {
  expectNoProblems,
  expectPage,
  pathOfLink,
  readDevMailbox,
  submitLogin,
  firstLinkIn,
} from '../support/accounts.js';
import { closeBrowser, expectNoSeriousA11yViolations, newPage, type TestPage } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

let server: TestServer | undefined;
let youth: { id: string; name: string };
let operatorUser: BuiltUser;
let rectoratId: string;
const pages: TestPage[] = [];

function running(): TestServer {
  if (server === undefined) throw new Error('The test server did not start');
  return server;
}

beforeAll(async () => {
  const build = spawnSync(process.execPath, ['scripts/ensure-web-build.mjs'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (build.status !== 0)
    throw new Error('The web build failed: see the output of scripts/ensure-web-build.mjs');
  server = await startTestServer();
  // The seeded Games deadlines are those of 2024: without moving them, the reclaim job (first run a minute after
  // start) would take back the stock the ranking test gives the rectorat before its draw is set up.
  const deadline = new Date(server.clock.now().getTime() + 60 * 86_400_000);
  await server.database.db.update(games).set({ reclaimDeadline: deadline });
  youth = await defaultProgramme(server, 'youth');
  const rectorat = await buildOperator(server, 'Rectorat de Lille');
  await server.database.db
    .insert(programmeOperators)
    .values({ programmeId: youth.id, operatorId: rectorat.id });
  rectoratId = rectorat.id;
  operatorUser = await buildUser(server, {
    organisationId: rectorat.id,
    roles: [{ role: 'operator', scopeKind: 'operator', scopeId: rectorat.id }],
  });
});

afterEach(async () => {
  for (const opened of pages.splice(0)) await opened.close();
});

afterAll(async () => {
  await closeBrowser();
  await server?.stop();
});

async function open(path: string, viewport?: { width: number; height: number }): Promise<TestPage> {
  const opened = await newPage(viewport ? { viewport } : {});
  pages.push(opened);
  await opened.page.goto(new URL(path, running().url).href);
  return opened;
}

/** The newest mail to an address whose subject matches, once it has left. */
async function waitForMailAbout(to: string, subject: RegExp) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const mail = (await readDevMailbox(running().url))
      .filter((candidate) => candidate.to.includes(to) && subject.test(candidate.subject))
      .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))[0];
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`No mail to ${to} about ${subject}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A birth date that makes the person `years` old today, as the date input wants it. */
function birthDateForAge(years: number): string {
  const today = new Date();
  return `${today.getUTCFullYear() - years}-01-15`;
}

describe.sequential('applicants in the browser', () => {
  it('lets a parent apply for a 12-year-old pupil, with the child’s and the parent’s consent, on a phone', async () => {
    const opened = await open('/candidater', { width: 375, height: 740 });
    const { page } = opened;
    await expectPage(page, 'Candidater à un programme');
    await page.getByRole('link', { name: 'Candidater', exact: true }).first().click();
    await expectPage(page, `Candidater — ${youth.name}`);
    // The easy-to-read notice is one switch away.
    await page.getByText('Version facile à lire').click();
    await page.getByText('Lire l’information sur vos données (facile à lire)').click();
    await page.getByText('Vous voulez un billet gratuit pour les Jeux.').waitFor();

    await page.getByLabel('Nom de naissance').fill('Lefèvre');
    await page.getByLabel('Prénoms').fill('Zoé Marie');
    await page.getByLabel('Date de naissance').fill(birthDateForAge(12));
    await page
      .getByText(
        'La personne a moins de 15 ans : son accord et celui de son représentant légal sont tous deux nécessaires.',
      )
      .waitFor();
    await page.getByLabel('Adresse électronique du représentant légal').fill('claire.lefevre@exemple.fr');
    await page.locator('label', { hasText: /^élève scolarisé en France$/ }).click();
    await page.locator('label', { hasText: 'J’ai le justificatif (élève scolarisé en France)' }).click();
    await page.getByLabel('Nom et prénom du représentant légal').fill('Claire Lefèvre');
    await expectNoSeriousA11yViolations(page);

    // Sent without the child's own consent: refused, nothing kept, the reason in French.
    await page.locator('label', { hasText: 'En tant que représentant légal, j’accepte' }).click();
    await page.locator('label', { hasText: 'J’accepte la charte d’utilisation' }).click();
    await page.locator('label', { hasText: 'Je m’engage à être disponible le jour de l’événement' }).click();
    await page.getByRole('button', { name: 'Envoyer la candidature' }).click();
    await page.getByText(/il manque le consentement de l’enfant lui-même/).waitFor();

    await page.locator('label', { hasText: 'L’enfant est d’accord pour participer' }).click();
    await page.getByRole('button', { name: 'Envoyer la candidature' }).click();
    // The same answer whatever happened: the next step is in the mailbox.
    await expectPage(page, 'Consultez votre messagerie');
    await page.getByText(/Ouvrez le lien qu’il contient dans les 48 heures/).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    // The confirmation link opens a page; the application counts once the button is pressed.
    const confirmation = await waitForMailAbout('claire.lefevre@exemple.fr', /confirmez votre candidature/);
    const confirmPath = pathOfLink(firstLinkIn(confirmation.text));
    await page.goto(new URL(confirmPath, running().url).href);
    await expectPage(page, 'Confirmer ma candidature');
    await page.getByRole('button', { name: 'Confirmer ma candidature' }).click();
    await expectPage(page, 'Candidature confirmée');
    expect(await page.locator('[data-entry-ref]').innerText()).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    // Nothing wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    // The same link used twice: said clearly, nothing changes.
    await page.goto(new URL(confirmPath, running().url).href);
    await page.getByRole('button', { name: 'Confirmer ma candidature' }).click();
    await page.getByText(/Ce lien a déjà servi : votre candidature est confirmée/).waitFor();
    await expectNoSeriousA11yViolations(page);

    // The applicant's page: the opt-in for after the Games shows its text and asks both, the child being 12.
    const followUp = await waitForMailAbout(
      'claire.lefevre@exemple.fr',
      /^Gradins — votre candidature au programme/,
    );
    expectNoProblems(opened, [400, 409]);
    // On the phone too: the consents table scrolls sideways there, so it takes the keyboard focus (axe).
    const own = await open(pathOfLink(firstLinkIn(followUp.text.split('Suivre votre candidature')[1]!)), {
      width: 375,
      height: 740,
    });
    const ownPage = own.page;
    await expectPage(ownPage, 'Ma candidature');
    const consents = ownPage.getByRole('table', { name: 'Consentements et engagements' });
    expect(await consents.getAttribute('tabindex')).toBe('0');
    expect(await ownPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await ownPage.getByText('Le texte auquel vous consentez').click();
    await ownPage.getByText(/J’accepte que l’opérateur me recontacte après les Jeux, par courriel/).waitFor();
    await ownPage
      .getByRole('textbox', { name: 'Nom et prénom du représentant légal' })
      .fill('Claire Lefèvre');
    await ownPage.locator('label', { hasText: 'La personne candidate donne son accord' }).click();
    await ownPage.locator('label', { hasText: 'Le représentant légal donne son accord' }).click();
    await expectNoSeriousA11yViolations(ownPage);
    await ownPage
      .getByRole('button', { name: 'J’accepte que l’opérateur me recontacte après les Jeux' })
      .click();
    await ownPage.getByText('Votre choix est enregistré.').waitFor();
    await ownPage.getByText('Vous acceptez que l’opérateur vous recontacte après les Jeux.').waitFor();
    expectNoProblems(own);
  });

  it('shows the application form and the list of programmes in English, with axe', async () => {
    const opened = await open('/en/candidater');
    const { page } = opened;
    await expectPage(page, 'Apply to a programme');
    await page.getByRole('link', { name: 'Register a group' }).first().click();
    await expectPage(page, `Group application — ${youth.name}`);
    await page.getByLabel('Number of people, you included').waitFor();
    // No event has tickets for the programme yet: the ranking says what the draw will do instead.
    await page.getByRole('group', { name: 'Your events, in order of preference' }).waitFor();
    await page.getByText('No event is offered for this programme yet').waitFor();
    expectNoProblems(opened);
  });

  it('lets a group manager register a group of 20 with 2 wheelchair places, then enter the participants', async () => {
    const opened = await open(`/candidater/${youth.id}/groupe`);
    const { page } = opened;
    await expectPage(page, `Candidature d’un groupe — ${youth.name}`);
    await page.getByLabel('Nom du groupe').fill('Collège Jean-Moulin, 5e B');
    await page.getByLabel('Nombre de personnes, vous compris').fill('20');
    await page.getByLabel('Places en fauteuil roulant').fill('2');
    await page.getByLabel('Nom de naissance').fill('Moreau');
    await page.getByLabel('Prénoms').fill('Sophie');
    await page.getByLabel('Date de naissance').fill('1984-02-11');
    await page.getByLabel('Votre adresse électronique personnelle').fill('sophie.moreau@perso.exemple.fr');
    await page.locator('label', { hasText: 'J’accepte l’enregistrement de mes données' }).click();
    await page.locator('label', { hasText: 'J’accepte la charte d’utilisation' }).click();
    await page.locator('label', { hasText: 'Je m’engage à être disponible le jour de l’événement' }).click();
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('button', { name: 'Envoyer la candidature' }).click();
    // The same answer as the form: the application counts once the manager opens the link from the mail.
    await expectPage(page, 'Consultez votre messagerie');
    await page.getByText(/Ouvrez le lien qu’il contient dans les 48 heures/).waitFor();
    const confirmation = await waitForMailAbout(
      'sophie.moreau@perso.exemple.fr',
      /confirmez votre candidature/,
    );
    await page.goto(new URL(pathOfLink(firstLinkIn(confirmation.text)), running().url).href);
    await expectPage(page, 'Confirmer ma candidature');
    await page.getByRole('button', { name: 'Confirmer ma candidature' }).click();
    await expectPage(page, 'Candidature confirmée');

    const mail = await waitForMailAbout('sophie.moreau@perso.exemple.fr', /^Gradins — votre candidature/);
    await page.goto(
      new URL(pathOfLink(firstLinkIn(mail.text.split('Suivre votre candidature')[1]!)), running().url).href,
    );
    await expectPage(page, 'Ma candidature');
    await page
      .getByRole('heading', { name: 'Groupe « Collège Jean-Moulin, 5e B » — 20 personnes, vous compris' })
      .waitFor();
    await page.getByText('Besoins de mobilité déclarés : 2 places en fauteuil.').waitFor();
    for (let index = 1; index <= 19; index += 1) {
      await page.getByRole('button', { name: 'Ajouter un participant' }).click();
      await page
        .getByLabel(`Nom de naissance — Participant ${index}`)
        .fill(`Élève${String.fromCharCode(64 + index)}`);
      await page.getByLabel(`Prénoms — Participant ${index}`).fill('Camille');
      await page
        .getByLabel(`Date de naissance — Participant ${index}`)
        .fill(`2013-03-${String(index).padStart(2, '0')}`);
      // A pupil under 15: the child's agreement and the representative's consent, both attested.
      await page.getByText(`J’atteste que le participant ${index} (moins de 15 ans)`).click();
      if (index < 19)
        await page.getByText(`J’atteste que le représentant légal du participant ${index} (mineur)`).click();
    }
    expect(await page.getByRole('button', { name: 'Ajouter un participant' }).isDisabled()).toBe(true);
    await expectNoSeriousA11yViolations(page);
    // One attestation missing: nothing is recorded, and the message says for whom.
    await page.getByRole('button', { name: 'Enregistrer les participants' }).click();
    await page
      .getByText('pour le participant n° 19, attestez le consentement de son représentant légal')
      .waitFor();
    await page.getByText('J’atteste que le représentant légal du participant 19 (mineur)').click();
    await page.getByRole('button', { name: 'Enregistrer les participants' }).click();
    await page.getByText('19 participants enregistrés.').waitFor();
    await page.reload();
    await expectPage(page, 'Ma candidature');
    expect(await page.getByLabel(/^Nom de naissance — Participant/).count()).toBe(19);
    await page
      .getByText(/^Consentement attesté : la personne, le représentant légal, le /)
      .first()
      .waitFor();
    expect(await page.getByText(/^Consentement attesté : /).count()).toBe(19);
    expectNoProblems(opened, [400]);
  });

  it('lets an operator import a CSV file with bad lines and read the report', async () => {
    const opened = await open('/operateur/candidats');
    const { page } = opened;
    await page.waitForURL(/\/connexion/);
    await expectPage(page, 'Connexion à Gradins');
    await submitLogin(page, operatorUser.email, operatorUser.password);
    await expectPage(page, 'Candidats');
    await page.getByLabel('Programme', { exact: true }).selectOption({ label: youth.name });
    await page.getByLabel('Fichier CSV des candidats').setInputFiles({
      name: 'candidats.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        [
          'nom_de_naissance;prenoms;date_de_naissance;courriel;statuts;justificatifs;consentement_le;representant_legal',
          'Martin;Léo;2014-01-09;parent.martin@exemple.fr;eleve;oui;02/11/2026;Sophie Martin',
          'Nguyen;Thi;12/12/2004;thi.nguyen@exemple.fr;structure_jeunesse;oui;02/11/2026;',
          'Durand;Paul;31/02/2012;durand@exemple.fr;eleve;oui;02/11/2026;Marc Durand',
          'Bernard;Lina;03/03/2013;lina@exemple.fr;eleve;oui;02/11/2026;',
          '',
        ].join('\n'),
        'utf8',
      ),
    });
    // Without the attestation, the browser asks for it and nothing is sent.
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    const attestation = page.getByRole('checkbox', { name: /^J’atteste que chaque personne du fichier/ });
    expect(await attestation.evaluate((input) => (input as HTMLInputElement).validity.valueMissing)).toBe(
      true,
    );
    await page.locator('label', { hasText: 'J’atteste que chaque personne du fichier' }).click();
    expect(await attestation.isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    await page
      .getByText('Import terminé : 2 candidats ajoutés, 0 déjà présent, 2 lignes refusées.')
      .waitFor();
    expect(await page.locator('progress').getAttribute('value')).toBe('100');
    const report = page.getByRole('link', { name: 'Télécharger le rapport des lignes refusées (CSV)' });
    const href = await report.getAttribute('href');
    const text = await (await page.request.get(new URL(href!, running().url).href)).text();
    expect(
      text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n'),
    ).toEqual([
      'ligne;motif',
      '4;date_de_naissance : date illisible ou inexistante (JJ/MM/AAAA)',
      '5;representant_legal : obligatoire pour un mineur (son consentement est requis, et celui de l’enfant s’il a moins de 15 ans)',
    ]);
    // The pupil and the group manager of the journeys above, and the two lines imported.
    await page.getByText('4 candidats', { exact: true }).waitFor();
    const rows = await page
      .getByRole('table', { name: 'Liste des candidats' })
      .locator('tbody tr')
      .allInnerTexts();
    expect(rows.map((row) => row.split('\t')[0])).toEqual(['Lefèvre', 'Martin', 'Moreau', 'Nguyen']);
    expect(rows.find((row) => row.startsWith('Moreau'))).toContain(
      'groupe « Collège Jean-Moulin, 5e B » (20 personnes)',
    );
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('link', { name: 'Voir la fiche de Léo Martin' }).click();
    await expectPage(page, 'Léo Martin');
    await page.getByText('Votre consultation de cette fiche est enregistrée au journal d’audit.').waitFor();
    expectNoProblems(opened);
  });
  it('lets an imported person ask for their follow-up link on a phone, with the same answer in every case', async () => {
    const phone = { width: 375, height: 740 };
    const opened = await open('/candidater', phone);
    const { page } = opened;
    await expectPage(page, 'Candidater à un programme');
    await page.getByRole('link', { name: 'Retrouver ma candidature' }).click();
    await expectPage(page, 'Retrouver ma candidature');
    const fill = async (email: string) => {
      await page.getByLabel('Nom de naissance').fill('Nguyen');
      await page.getByLabel('Prénoms').fill('Thi');
      await page.getByLabel('Date de naissance').fill('2004-12-12');
      await page.getByLabel('Adresse électronique').fill(email);
    };
    expect(await page.getByLabel('Adresse électronique').getAttribute('autocomplete')).toBe('email');
    expect(await page.getByLabel('Date de naissance').getAttribute('autocomplete')).toBe('bday');
    const sent =
      'Si une candidature correspond à ces informations, un nouveau lien de suivi vient d’être envoyé à cette adresse. Il reste valable 180 jours ; le précédent ne fonctionne plus.';

    // An address that is not the application's: the same answer, and nothing is sent there.
    await fill('quelquun.dautre@exemple.fr');
    await page.getByRole('button', { name: 'Recevoir un nouveau lien' }).click();
    await page.getByText(sent).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('status');
    await page.getByRole('button', { name: 'Faire une autre demande' }).click();

    await fill('thi.nguyen@exemple.fr');
    await expectNoSeriousA11yViolations(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.getByRole('button', { name: 'Recevoir un nouveau lien' }).click();
    await page.getByText(sent).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('status');
    await expectNoSeriousA11yViolations(page);

    const mail = await waitForMailAbout('thi.nguyen@exemple.fr', /^Gradins — votre candidature au programme/);
    expect((await readDevMailbox(running().url)).some((one) => one.to.includes('quelquun.dautre'))).toBe(
      false,
    );
    await page.goto(
      new URL(pathOfLink(firstLinkIn(mail.text.split('Suivre votre candidature')[1]!)), running().url).href,
    );
    await expectPage(page, 'Ma candidature');
    await page.getByText('Thi Nguyen, né(e) le 12/12/2004').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expectNoProblems(opened);

    // A link that no longer works points to the same page; and the page exists in English.
    const stale = await open(`/ma-candidature/${'x'.repeat(43)}`, phone);
    await stale.page.getByText('Lien invalide').waitFor();
    await stale.page.getByRole('link', { name: 'Recevoir un nouveau lien de suivi' }).click();
    await expectPage(stale.page, 'Retrouver ma candidature');
    expectNoProblems(stale, [410]);
    const english = await open('/en/ma-candidature', phone);
    await expectPage(english.page, 'Find my application');
    await english.page.getByLabel('Birth surname').waitFor();
    expectNoProblems(english);
  });

  it('lets an operator erase an applicant registered in error, after a confirmation step', async () => {
    const opened = await open('/operateur/candidats');
    const { page } = opened;
    await page.waitForURL(/\/connexion/);
    await submitLogin(page, operatorUser.email, operatorUser.password);
    await expectPage(page, 'Candidats');
    await page.getByRole('link', { name: 'Voir la fiche de Léo Martin' }).click();
    await expectPage(page, 'Léo Martin');
    await page.getByRole('button', { name: 'Effacer ce candidat' }).click();
    const title = page.getByRole('heading', { name: 'Confirmer l’effacement' });
    await title.waitFor();
    expect(await title.evaluate((heading) => heading === document.activeElement)).toBe(true);
    await page.getByText('une preuve anonyme de chaque consentement est conservée').waitFor();
    await expectNoSeriousA11yViolations(page);

    // Without a reason, the browser asks for one and nothing is sent.
    await page.getByRole('button', { name: 'Effacer définitivement' }).click();
    const inError = page.getByRole('radio', { name: 'Inscrit par erreur' });
    expect(await inError.evaluate((input) => (input as HTMLInputElement).validity.valueMissing)).toBe(true);
    await page.locator('label', { hasText: 'Inscrit par erreur' }).click();
    expect(await inError.isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Effacer définitivement' }).click();

    await expectPage(page, 'Candidats');
    await page.getByText(/^Le candidat est effacé : la candidature [0-9A-Z-]+ est annulée/).waitFor();
    await page.getByText('3 candidats', { exact: true }).waitFor();
    const rows = await page
      .getByRole('table', { name: 'Liste des candidats' })
      .locator('tbody tr')
      .allInnerTexts();
    expect(rows.map((row) => row.split('\t')[0])).toEqual(['Lefèvre', 'Moreau', 'Nguyen']);
    expectNoProblems(opened);
  });

  it('lets an applicant rank events per choice on the form, change them on their page, and see their entry id once frozen', async () => {
    // Two events the operator holds tickets for, in the programme: e1 starts before e2.
    const { db } = running().database;
    const day = 86_400_000;
    const stamp = Date.now();
    const [e1, e2] = await db
      .insert(sportEvents)
      .values(
        [130, 131].map((days, index) => ({
          code: `RANG-${index + 1}-${stamp}`,
          games: 'olympic' as const,
          kind: 'competition' as const,
          sport: index === 0 ? 'Natation' : 'Escrime',
          discipline: index === 0 ? 'Finale du 200 m' : 'Sabre par équipes',
          venue: index === 0 ? 'Paris La Défense Arena' : 'Grand Palais',
          startsAt: new Date(running().clock.now().getTime() + days * day),
        })),
      )
      .returning();
    const pool = await holderId(db, { level: 'pool' });
    const operatorHolder = await holderId(db, {
      level: 'operator',
      programmeId: youth.id,
      operatorId: rectoratId,
    });
    await db.insert(stockMovements).values(
      [e1!, e2!].map((event) => ({
        at: running().clock.now(),
        kind: 'allocation' as const,
        system: 'test',
        eventId: event.id,
        category: 'C',
        fromHolder: pool,
        toHolder: operatorHolder,
        quantity: 5,
        reason: 'Dotation',
      })),
    );

    const opened = await open(`/candidater/${youth.id}`);
    const { page } = opened;
    await expectPage(page, `Candidater — ${youth.name}`);
    await page.getByRole('group', { name: 'Vos épreuves, par ordre de préférence' }).waitFor();
    await page.getByText('Classez jusqu’à 3 épreuves').waitFor();
    // A select per rank; the next opens once the one above is chosen, and never offers an event ranked above.
    const first = page.getByLabel('1er choix');
    const second = page.getByLabel('2e choix');
    expect(await second.isDisabled()).toBe(true);
    await first.selectOption(e2!.id);
    expect(await second.isDisabled()).toBe(false);
    expect(await second.locator('option').allInnerTexts()).toEqual([
      '— Aucune —',
      expect.stringContaining('Natation — Finale du 200 m, Paris La Défense Arena'),
    ]);
    await second.selectOption(e1!.id);
    // Only two events: no third rank.
    expect(await page.getByLabel('3e choix').count()).toBe(0);
    await page.getByLabel('Nom de naissance').fill('Rangier');
    await page.getByLabel('Prénoms').fill('Alix');
    await page.getByLabel('Date de naissance').fill(birthDateForAge(20));
    await page.locator('input[name="email"]').fill('alix.rangier@exemple.fr');
    await page.locator('label', { hasText: /^membre d’une structure jeunesse$/ }).click();
    await page
      .locator('label', { hasText: 'J’ai le justificatif (membre d’une structure jeunesse)' })
      .click();
    await page.locator('label', { hasText: 'J’accepte l’enregistrement de mes données' }).click();
    await page.locator('label', { hasText: 'J’accepte la charte d’utilisation' }).click();
    await page.locator('label', { hasText: 'Je m’engage à être disponible le jour de l’événement' }).click();
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('button', { name: 'Envoyer la candidature' }).click();
    await expectPage(page, 'Consultez votre messagerie');
    const confirmation = await waitForMailAbout('alix.rangier@exemple.fr', /confirmez votre candidature/);
    await page.goto(new URL(pathOfLink(firstLinkIn(confirmation.text)), running().url).href);
    await page.getByRole('button', { name: 'Confirmer ma candidature' }).click();
    await expectPage(page, 'Candidature confirmée');

    // The applicant's page: the ranking as sent, changed with the keyboard, saved.
    const followUp = await waitForMailAbout(
      'alix.rangier@exemple.fr',
      /^Gradins — votre candidature au programme/,
    );
    const own = await open(pathOfLink(firstLinkIn(followUp.text.split('Suivre votre candidature')[1]!)));
    const ownPage = own.page;
    await expectPage(ownPage, 'Ma candidature');
    expect(await ownPage.getByLabel('1er choix').inputValue()).toBe(e2!.id);
    expect(await ownPage.getByLabel('2e choix').inputValue()).toBe(e1!.id);
    await ownPage.getByLabel('2e choix').selectOption('');
    await ownPage.getByLabel('1er choix').focus();
    await ownPage.getByLabel('1er choix').selectOption(e1!.id);
    await ownPage.getByRole('button', { name: 'Enregistrer mon classement' }).focus();
    await ownPage.keyboard.press('Enter');
    await ownPage.getByText('Votre classement des épreuves est enregistré.').waitFor();
    expect(await ownPage.getByLabel('1er choix').inputValue()).toBe(e1!.id);
    expect(await ownPage.getByLabel('2e choix').inputValue()).toBe('');
    await expectNoSeriousA11yViolations(ownPage);

    // The operator freezes a draw: the page shows the entry id, and the ranking no longer changes.
    const drawsUser = await buildUser(running(), {
      organisationId: rectoratId,
      roles: [{ role: 'operator', scopeKind: 'operator', scopeId: rectoratId, runsDraws: true }],
      totp: true,
    });
    const client = await signIn(running(), drawsUser);
    const draw = await client.post<{ id: string }>(`/api/v1/operators/${rectoratId}/draws`, {
      programmeId: youth.id,
      name: 'Tirage des épreuves de natation et d’escrime',
    });
    expect(draw.status, JSON.stringify(draw.body)).toBe(201);
    expect((await client.post(`/api/v1/operators/${rectoratId}/draws/${draw.body.id}/freeze`)).status).toBe(
      200,
    );
    await ownPage.reload();
    await ownPage.getByRole('heading', { name: 'Mes tirages' }).waitFor();
    await ownPage.getByText('Tirage des épreuves de natation et d’escrime — figé').waitFor();
    expect(await ownPage.locator('code').innerText()).toMatch(/^[0-9a-f]{32}$/);
    await ownPage.getByText('La page publique et la preuve d’inclusion seront disponibles').waitFor();
    await ownPage.getByText('votre classement ne change plus').waitFor();
    expect(await ownPage.getByLabel('1er choix').isDisabled()).toBe(true);
    await expectNoSeriousA11yViolations(ownPage);
    expectNoProblems(opened);
    expectNoProblems(own);
  });
});
