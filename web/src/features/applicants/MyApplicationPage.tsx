import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { api, asProblem, type ApiProblem } from '../../app/api';
import type { MyApplication, MyDrawEntry, PersonIdentity } from '../../app/contracts';
import { localizedPath, useLang, useMessages, type Dictionary } from '../../app/i18n';
import { ProblemAlert, SuccessAlert } from '../../ui/ProblemAlert';
import { ScrollableTable } from '../../ui/ScrollableTable';
import { usePageTitle } from '../../ui/usePageTitle';
import { formatParisDateTime } from '../stock/labels';
import { ageOn, NoticeText } from './ApplicationPage';
import { EventRanking, eventLabel } from './EventRanking';

const today = () => new Date().toISOString().slice(0, 10);
/** Who consents for a participant (TAJ-5, article 45), as the server counts it: on the day of entry. */
function consentParties(birthDate: string): ('person' | 'representative')[] {
  const age = ageOn(birthDate, today());
  if (age === undefined || age < 0) return [];
  if (age < 15) return ['person', 'representative'];
  if (age < 18) return ['representative'];
  return ['person'];
}
const isUnderFifteen = (birthDate: string) => (ageOn(birthDate, today()) ?? 99) < 15;

const messages: Dictionary<{
  pageTitle: string;
  loading: string;
  reference: (ref: string) => string;
  programme: (programme: string, operator: string) => string;
  identityTitle: string;
  identity: (person: PersonIdentity) => string;
  consentsTitle: string;
  consentColumns: string[];
  kinds: Record<string, string>;
  parties: Record<string, string>;
  active: string;
  withdrawnOn: (at: string) => string;
  contactTitle: string;
  contactOn: string;
  contactOff: string;
  object: string;
  optIn: string;
  contactSaved: string;
  contactNoticeTitle: string;
  contactParty: Record<'person' | 'representative', string>;
  representativeName: string;
  groupTitle: (name: string, size: number) => string;
  mobility: (needs: string) => string;
  needs: Record<string, string>;
  participantsLead: (max: number) => string;
  participant: (index: number) => string;
  surname: string;
  firstNames: string;
  birthDate: string;
  consentLead: string;
  noticeTitle: string;
  consentNeedsDate: string;
  attestPerson: (index: number) => string;
  attestChild: (index: number) => string;
  attestRepresentative: (index: number) => string;
  attested: (parties: string, at: string, notice: string) => string;
  addParticipant: string;
  removeParticipant: (index: number) => string;
  saveParticipants: string;
  participantsSaved: (count: number) => string;
  saveChoices: string;
  choicesSaved: string;
  choicesLocked: string;
  drawsTitle: string;
  drawsLead: string;
  drawStatus: Record<MyDrawEntry['status'], string>;
  entryId: string;
  demonstration: string;
  drawPage: string;
  inclusionProof: string;
  notPublicYet: string;
  selected: (event: string, rank: number) => string;
  reserve: (rank: number) => string;
  withdrawTitle: string;
  withdrawLead: string;
  withdrawConfirm: string;
  withdraw: string;
  withdrawnTitle: string;
  withdrawn: string;
  newLink: string;
}> = {
  fr: {
    pageTitle: 'Ma candidature',
    loading: 'Chargement…',
    reference: (ref) => `Référence de la candidature : ${ref}`,
    programme: (programme, operator) => `Programme « ${programme} », distribué par ${operator}.`,
    identityTitle: 'Ce que nous gardons',
    identity: (person) =>
      `${person.firstNames} ${person.birthSurname}, né(e) le ${person.birthDate.split('-').reverse().join('/')}`,
    consentsTitle: 'Consentements et engagements',
    consentColumns: ['Objet', 'Donné par', 'Texte (version)', 'Le', 'État'],
    kinds: {
      data_processing: 'Enregistrement des données',
      usage_charter: 'Charte d’utilisation',
      attendance_commitment: 'Engagement de disponibilité',
      post_games_contact: 'Contact après les Jeux',
    },
    parties: { person: 'la personne', representative: 'le représentant légal' },
    active: 'en vigueur',
    withdrawnOn: (at) => `retiré le ${at}`,
    contactTitle: 'Contact après les Jeux',
    contactOn: 'Vous acceptez que l’opérateur vous recontacte après les Jeux.',
    contactOff: 'L’opérateur ne vous recontactera pas après les Jeux.',
    object: 'Je ne veux plus que l’opérateur me recontacte',
    optIn: 'J’accepte que l’opérateur me recontacte après les Jeux',
    contactSaved: 'Votre choix est enregistré.',
    contactNoticeTitle: 'Le texte auquel vous consentez',
    contactParty: {
      person: 'La personne candidate donne son accord',
      representative: 'Le représentant légal donne son accord (la personne est mineure)',
    },
    representativeName: 'Nom et prénom du représentant légal',
    groupTitle: (name, size) => `Groupe « ${name} » — ${size} personnes, vous compris`,
    mobility: (needs) => `Besoins de mobilité déclarés : ${needs}.`,
    needs: {
      wheelchair: 'places en fauteuil',
      reduced_mobility: 'personnes à mobilité réduite',
      visual: 'déficience visuelle',
      hearing: 'déficience auditive',
    },
    participantsLead: (max) =>
      `Saisissez l’identité des participants (${max} au plus). Seul vous les voyez : l’opérateur ne voit que vos données, la taille du groupe et les besoins comptés.`,
    participant: (index) => `Participant ${index}`,
    surname: 'Nom de naissance',
    firstNames: 'Prénoms',
    birthDate: 'Date de naissance',
    consentLead:
      'Pour chaque participant, attestez le consentement donné à l’enregistrement de ses données, selon l’information ci-dessous : le sien s’il est majeur, celui de son représentant légal s’il est mineur, les deux s’il a moins de 15 ans. Sans cette attestation, la liste n’est pas enregistrée.',
    noticeTitle: 'Lire l’information sur les données, à montrer aux participants',
    consentNeedsDate: 'Indiquez la date de naissance : elle dit qui doit consentir.',
    attestPerson: (index) =>
      `J’atteste que le participant ${index} a consenti à l’enregistrement de ses données, selon l’information ci-dessus`,
    attestChild: (index) =>
      `J’atteste que le participant ${index} (moins de 15 ans) est d’accord pour participer et pour l’enregistrement de ses données`,
    attestRepresentative: (index) =>
      `J’atteste que le représentant légal du participant ${index} (mineur) a consenti à l’enregistrement de ses données, selon l’information ci-dessus`,
    attested: (parties, at, notice) => `Consentement attesté : ${parties}, le ${at} (${notice}).`,
    addParticipant: 'Ajouter un participant',
    removeParticipant: (index) => `Retirer le participant ${index}`,
    saveParticipants: 'Enregistrer les participants',
    participantsSaved: (count) =>
      `${count} participant${count > 1 ? 's' : ''} enregistré${count > 1 ? 's' : ''}.`,
    saveChoices: 'Enregistrer mon classement',
    choicesSaved: 'Votre classement des épreuves est enregistré.',
    choicesLocked: 'Un tirage comprenant votre candidature a été figé : votre classement ne change plus.',
    drawsTitle: 'Mes tirages',
    drawsLead:
      'Votre candidature figure dans ces tirages sous un identifiant d’entrée aléatoire, qui ne dit rien de vous. Avec lui, vous pouvez vérifier qu’elle fait bien partie de l’ensemble figé.',
    drawStatus: {
      frozen: 'figé',
      committed: 'engagé (en attente du tirage)',
      run: 'effectué',
      published: 'publié',
    },
    entryId: 'Identifiant d’entrée',
    demonstration: 'démonstration',
    drawPage: 'Page publique du tirage',
    inclusionProof: 'Preuve que mon entrée est dans le tirage (JSON)',
    notPublicYet:
      'La page publique et la preuve d’inclusion seront disponibles dès la publication de l’engagement du tirage.',
    selected: (event, rank) => `Retenu pour : ${event} (votre ${rank === 1 ? '1er' : `${rank}e`} choix).`,
    reserve: (rank) => `Sur la liste d’attente, au rang ${rank}.`,
    withdrawTitle: 'Retirer mon consentement',
    withdrawLead:
      'Si vous retirez votre consentement, la candidature est annulée et vos données sont effacées aussitôt (pour un groupe : celles des participants aussi ; avec un aidant : celles de l’aidant aussi). Vous ne pourrez plus recevoir de billet au titre de cette candidature ; vous pourrez candidater de nouveau plus tard.',
    withdrawConfirm: 'J’ai compris : annuler la candidature et effacer les données',
    withdraw: 'Retirer mon consentement',
    withdrawnTitle: 'Candidature retirée',
    withdrawn: 'Votre consentement est retiré : la candidature est annulée et vos données sont effacées.',
    newLink: 'Recevoir un nouveau lien de suivi',
  },
  en: {
    pageTitle: 'My application',
    loading: 'Loading…',
    reference: (ref) => `Application reference: ${ref}`,
    programme: (programme, operator) => `Programme "${programme}", distributed by ${operator}.`,
    identityTitle: 'What we keep',
    identity: (person) => `${person.firstNames} ${person.birthSurname}, born on ${person.birthDate}`,
    consentsTitle: 'Consents and commitments',
    consentColumns: ['Subject', 'Given by', 'Text (version)', 'On', 'State'],
    kinds: {
      data_processing: 'Recording of the data',
      usage_charter: 'Usage charter',
      attendance_commitment: 'Attendance commitment',
      post_games_contact: 'Contact after the Games',
    },
    parties: { person: 'the person', representative: 'the legal representative' },
    active: 'in force',
    withdrawnOn: (at) => `withdrawn on ${at}`,
    contactTitle: 'Contact after the Games',
    contactOn: 'You agreed to be contacted after the Games.',
    contactOff: 'You will not be contacted after the Games.',
    object: 'I no longer want to be contacted',
    optIn: 'I agree to be contacted after the Games',
    contactSaved: 'Your choice is recorded.',
    contactNoticeTitle: 'The text you consent to',
    contactParty: {
      person: 'The applicant agrees',
      representative: 'The legal representative agrees (the applicant is a minor)',
    },
    representativeName: 'Full name of the legal representative',
    groupTitle: (name, size) => `Group "${name}" — ${size} people, you included`,
    mobility: (needs) => `Mobility needs declared: ${needs}.`,
    needs: {
      wheelchair: 'wheelchair places',
      reduced_mobility: 'reduced mobility',
      visual: 'visual impairment',
      hearing: 'hearing impairment',
    },
    participantsLead: (max) =>
      `Enter the participants’ identity (${max} at most). Only you see them: the operator sees your data, the group’s size and the counted needs only.`,
    participant: (index) => `Participant ${index}`,
    surname: 'Birth surname',
    firstNames: 'First names',
    birthDate: 'Date of birth',
    consentLead:
      'For each participant, attest the consent given to the recording of their data, as described in the notice below: their own if an adult, their legal representative’s if a minor, both if under 15. Without it, the list is not recorded.',
    noticeTitle: 'Read the notice about the data, to show the participants',
    consentNeedsDate: 'Enter the date of birth: it says who must consent.',
    attestPerson: (index) =>
      `I attest that participant ${index} consented to the recording of their data, as described above`,
    attestChild: (index) =>
      `I attest that participant ${index} (under 15) agrees to take part and to the recording of their data`,
    attestRepresentative: (index) =>
      `I attest that the legal representative of participant ${index} (a minor) consented to the recording of their data, as described above`,
    attested: (parties, at, notice) => `Consent attested: ${parties}, on ${at} (${notice}).`,
    addParticipant: 'Add a participant',
    removeParticipant: (index) => `Remove participant ${index}`,
    saveParticipants: 'Save the participants',
    participantsSaved: (count) => `${count} participant${count > 1 ? 's' : ''} saved.`,
    saveChoices: 'Save my ranking',
    choicesSaved: 'Your ranking of events is saved.',
    choicesLocked: 'A draw including your application has been frozen: your ranking no longer changes.',
    drawsTitle: 'My draws',
    drawsLead:
      'Your application is in these draws under a random entry id that says nothing about you. With it, you can check that it is part of the frozen set.',
    drawStatus: {
      frozen: 'frozen',
      committed: 'committed (waiting for the draw)',
      run: 'run',
      published: 'published',
    },
    entryId: 'Entry id',
    demonstration: 'demonstration',
    drawPage: 'Public page of the draw',
    inclusionProof: 'Proof that my entry is in the draw (JSON)',
    notPublicYet:
      'The public page and the inclusion proof will be available once the draw’s commitment is published.',
    selected: (event, rank) =>
      `Selected for: ${event} (your ${rank}${rank === 1 ? 'st' : rank === 2 ? 'nd' : rank === 3 ? 'rd' : 'th'} choice).`,
    reserve: (rank) => `On the reserve list, rank ${rank}.`,
    withdrawTitle: 'Withdraw my consent',
    withdrawLead:
      'If you withdraw your consent, the application is cancelled and your data is erased at once (for a group, the participants’ too). You can no longer receive a ticket from this application; you may apply again later.',
    withdrawConfirm: 'I understand: cancel the application and erase the data',
    withdraw: 'Withdraw my consent',
    withdrawnTitle: 'Application withdrawn',
    withdrawn: 'Your consent is withdrawn: the application is cancelled and your data erased.',
    newLink: 'Get a new follow-up link',
  },
};

type Participants = NonNullable<MyApplication['group']>['participants'];
/** A participant being entered: the identity and the manager's attestation of who consented. */
type ParticipantDraft = PersonIdentity & {
  consent: { person: boolean; representative: boolean };
  attested: Participants[number]['consents'];
};

const blank = (): ParticipantDraft => ({
  birthSurname: '',
  firstNames: '',
  birthDate: '',
  consent: { person: false, representative: false },
  attested: [],
});

/** The participants as loaded, their stored attestations ticked when on the notice in force. */
const draftsOf = (group: MyApplication['group']): ParticipantDraft[] =>
  (group?.participants ?? []).map(({ id: _id, consents, ...person }) => {
    const onNotice = (party: 'person' | 'representative') =>
      consents.some(
        (consent) => consent.party === party && consent.noticeVersionId === group!.privacyNotice.id,
      );
    return {
      ...person,
      consent: { person: onNotice('person'), representative: onNotice('representative') },
      attested: consents,
    };
  });

/** The applicant's own page, opened from the follow-up link (TAJ-5, TAJ-7, TAJ-20). */
export function MyApplicationPage() {
  const lang = useLang();
  const t = useMessages(messages);
  usePageTitle(t.pageTitle);
  const { token = '' } = useParams();
  const [mine, setMine] = useState<MyApplication | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [success, setSuccess] = useState<string | undefined>(undefined);
  const [participants, setParticipants] = useState<ParticipantDraft[]>([]);
  const [confirmWithdrawal, setConfirmWithdrawal] = useState(false);
  const [withdrawn, setWithdrawn] = useState(false);
  const [contactParties, setContactParties] = useState({ person: false, representative: false });
  const [representativeName, setRepresentativeName] = useState('');
  const [eventChoices, setEventChoices] = useState<string[]>([]);

  const load = useCallback(() => {
    api<MyApplication>('GET', `/api/v1/my-application/${token}`)
      .then((loaded) => {
        setMine(loaded);
        setParticipants(draftsOf(loaded.group));
        setEventChoices(loaded.eventChoices.ranked.map((event) => event.id));
      })
      .catch((error: unknown) => setProblem(asProblem(error)));
  }, [token]);
  useEffect(load, [load]);

  const act = async (work: () => Promise<unknown>, message: string) => {
    setProblem(undefined);
    setSuccess(undefined);
    try {
      await work();
      setSuccess(message);
      load();
    } catch (error) {
      setProblem(asProblem(error));
    }
  };

  const saveParticipants = (submitted: FormEvent) => {
    submitted.preventDefault();
    void act(
      () =>
        api('PUT', `/api/v1/my-application/${token}/participants`, {
          participants: participants.map(({ consent, attested: _attested, ...person }) => {
            const parties = consentParties(person.birthDate);
            return {
              ...person,
              consent: {
                notice: mine!.group!.privacyNotice.id,
                person: parties.includes('person') && consent.person,
                representative: parties.includes('representative') && consent.representative,
              },
            };
          }),
        }),
      t.participantsSaved(participants.length),
    );
  };

  if (withdrawn) {
    return (
      <div className="fr-container fr-py-6w">
        <h1>{t.withdrawnTitle}</h1>
        <p role="status">{t.withdrawn}</p>
      </div>
    );
  }

  return (
    <div className="fr-container fr-py-6w">
      <h1>{t.pageTitle}</h1>
      <SuccessAlert message={success} />
      <ProblemAlert problem={problem} />
      {problem?.code === 'link-invalid' && (
        <p>
          <a className="fr-link" href={localizedPath(lang, 'ma-candidature')}>
            {t.newLink}
          </a>
        </p>
      )}
      {mine === undefined ? (
        problem === undefined && <p aria-busy="true">{t.loading}</p>
      ) : (
        <>
          <p className="fr-text--lead">{t.reference(mine.entryRef)}</p>
          <p>{t.programme(mine.programmeName, mine.operatorName)}</p>
          <h2>{t.identityTitle}</h2>
          <p>
            {t.identity(mine.person)}
            {mine.email && (
              <>
                <br />
                {mine.email}
              </>
            )}
          </p>

          <h2>{t.consentsTitle}</h2>
          <ScrollableTable
            caption={t.consentsTitle}
            noCaption
            headers={t.consentColumns}
            data={mine.consents.map((consent) => [
              t.kinds[consent.kind] ?? consent.kind,
              t.parties[consent.party] ?? consent.party,
              consent.noticeVersion,
              formatParisDateTime(lang, consent.givenAt),
              consent.withdrawnAt ? t.withdrawnOn(formatParisDateTime(lang, consent.withdrawnAt)) : t.active,
            ])}
          />

          <h2>{t.contactTitle}</h2>
          <p>{mine.postGamesContact ? t.contactOn : t.contactOff}</p>
          {mine.postGamesContact ? (
            <Button
              priority="secondary"
              onClick={() =>
                void act(
                  () => api('POST', `/api/v1/my-application/${token}/post-games-contact`, { consent: false }),
                  t.contactSaved,
                )
              }
            >
              {t.object}
            </Button>
          ) : (
            mine.postGamesNotice && (
              <form
                onSubmit={(submitted) => {
                  submitted.preventDefault();
                  void act(
                    () =>
                      api('POST', `/api/v1/my-application/${token}/post-games-contact`, {
                        consent: true,
                        noticeVersionId: mine.postGamesNotice!.id,
                        parties: contactParties,
                        ...(mine.postGamesConsentParties.includes('representative') &&
                          representativeName.trim() !== '' && {
                            representative: { fullName: representativeName },
                          }),
                      }),
                    t.contactSaved,
                  );
                }}
              >
                <NoticeText notice={mine.postGamesNotice} title={t.contactNoticeTitle} />
                {mine.postGamesConsentParties.includes('representative') && (
                  <Input
                    label={t.representativeName}
                    nativeInputProps={{
                      name: 'representative',
                      autoComplete: 'name',
                      value: representativeName,
                      onChange: (change) => setRepresentativeName(change.target.value),
                    }}
                  />
                )}
                <Checkbox
                  options={mine.postGamesConsentParties.map((party) => ({
                    label: t.contactParty[party],
                    nativeInputProps: {
                      name: `post-games-${party}`,
                      checked: contactParties[party],
                      onChange: (change) =>
                        setContactParties((current) => ({ ...current, [party]: change.target.checked })),
                    },
                  }))}
                />
                <Button type="submit" priority="secondary">
                  {t.optIn}
                </Button>
              </form>
            )
          )}

          <form
            className="fr-mt-6w"
            onSubmit={(submitted) => {
              submitted.preventDefault();
              void act(
                () => api('PUT', `/api/v1/my-application/${token}/event-choices`, { eventChoices }),
                t.choicesSaved,
              );
            }}
          >
            <EventRanking
              events={[
                ...mine.eventChoices.ranked.filter(
                  (event) => !mine.eventChoices.available.some((open) => open.id === event.id),
                ),
                ...mine.eventChoices.available,
              ]}
              max={mine.eventChoices.maxEventChoices}
              value={eventChoices}
              onChange={setEventChoices}
              disabled={mine.eventChoices.locked}
            />
            {mine.eventChoices.locked ? (
              <p>{t.choicesLocked}</p>
            ) : (
              <Button type="submit" priority="secondary">
                {t.saveChoices}
              </Button>
            )}
          </form>

          {mine.draws.length > 0 && (
            <section className="fr-mt-6w">
              <h2>{t.drawsTitle}</h2>
              <p>{t.drawsLead}</p>
              {mine.draws.map((draw) => (
                <div key={draw.drawId} className="fr-mb-4w">
                  <h3 className="fr-h6 fr-mb-1w">
                    {draw.drawName} — {t.drawStatus[draw.status]}
                    {draw.demonstration && ` (${t.demonstration})`}
                  </h3>
                  <p className="fr-mb-1w">
                    {t.entryId} : <code>{draw.entryId}</code>
                  </p>
                  {draw.outcome && (
                    <p className="fr-mb-1w">
                      <strong>
                        {draw.outcome.kind === 'selected'
                          ? t.selected(
                              (() => {
                                const outcome = draw.outcome;
                                const event = [
                                  ...mine.eventChoices.ranked,
                                  ...mine.eventChoices.available,
                                ].find((one) => one.id === outcome.eventId);
                                return event ? eventLabel(lang, event) : outcome.event;
                              })(),
                              draw.outcome.choiceRank,
                            )
                          : t.reserve(draw.outcome.reserveRank)}
                      </strong>
                    </p>
                  )}
                  {draw.public ? (
                    <ul>
                      <li>
                        <a className="fr-link" href={localizedPath(lang, `tirages/${draw.drawId}`)}>
                          {t.drawPage}
                        </a>
                      </li>
                      <li>
                        <a
                          className="fr-link"
                          href={`/api/v1/public/draws/${draw.drawId}/inclusion-proof/${draw.entryId}`}
                        >
                          {t.inclusionProof}
                        </a>
                      </li>
                    </ul>
                  ) : (
                    <p className="fr-text--sm">{t.notPublicYet}</p>
                  )}
                </div>
              ))}
            </section>
          )}

          {mine.group && (
            <form onSubmit={saveParticipants} className="fr-mt-6w">
              <h2>{t.groupTitle(mine.group.name, mine.group.size)}</h2>
              {Object.keys(mine.group.mobilityNeeds).length > 0 && (
                <p>
                  {t.mobility(
                    Object.entries(mine.group.mobilityNeeds)
                      .map(([need, count]) => `${count} ${t.needs[need] ?? need}`)
                      .join(', '),
                  )}
                </p>
              )}
              <p>{t.participantsLead(mine.group.size - 1)}</p>
              <p>{t.consentLead}</p>
              <NoticeText notice={mine.group.privacyNotice} title={t.noticeTitle} />
              {participants.map((person, index) => (
                <fieldset key={index} className="fr-fieldset">
                  <legend className="fr-fieldset__legend fr-text--md">{t.participant(index + 1)}</legend>
                  {(['birthSurname', 'firstNames', 'birthDate'] as const).map((field) => (
                    <div className="fr-fieldset__element fr-fieldset__element--inline" key={field}>
                      <Input
                        label={`${field === 'birthSurname' ? t.surname : field === 'firstNames' ? t.firstNames : t.birthDate} — ${t.participant(index + 1)}`}
                        nativeInputProps={{
                          type: field === 'birthDate' ? 'date' : 'text',
                          required: true,
                          name: `participant-${index}-${field}`,
                          value: person[field],
                          onChange: (change) =>
                            setParticipants((current) =>
                              current.map((one, at) =>
                                at === index ? { ...one, [field]: change.target.value } : one,
                              ),
                            ),
                        }}
                      />
                    </div>
                  ))}
                  <div className="fr-fieldset__element">
                    {person.birthDate === '' ? (
                      <p className="fr-hint-text">{t.consentNeedsDate}</p>
                    ) : (
                      <Checkbox
                        small
                        options={consentParties(person.birthDate).map((party) => ({
                          label:
                            party === 'representative'
                              ? t.attestRepresentative(index + 1)
                              : isUnderFifteen(person.birthDate)
                                ? t.attestChild(index + 1)
                                : t.attestPerson(index + 1),
                          nativeInputProps: {
                            name: `participant-${index}-consent-${party}`,
                            checked: person.consent[party],
                            onChange: (change: { target: { checked: boolean } }) =>
                              setParticipants((current) =>
                                current.map((one, at) =>
                                  at === index
                                    ? { ...one, consent: { ...one.consent, [party]: change.target.checked } }
                                    : one,
                                ),
                              ),
                          },
                        }))}
                      />
                    )}
                    {person.attested.length > 0 && (
                      <p className="fr-text--sm fr-mb-1w">
                        {t.attested(
                          person.attested
                            .map((consent) => t.parties[consent.party] ?? consent.party)
                            .join(', '),
                          formatParisDateTime(lang, person.attested[0]!.givenAt),
                          person.attested[0]!.noticeVersion,
                        )}
                      </p>
                    )}
                  </div>
                  <div className="fr-fieldset__element">
                    <Button
                      type="button"
                      priority="tertiary"
                      size="small"
                      onClick={() => setParticipants((current) => current.filter((_, at) => at !== index))}
                    >
                      {t.removeParticipant(index + 1)}
                    </Button>
                  </div>
                </fieldset>
              ))}
              <div className="fr-btns-group fr-btns-group--inline">
                <Button
                  type="button"
                  priority="secondary"
                  disabled={participants.length >= mine.group.size - 1}
                  onClick={() => setParticipants((current) => [...current, blank()])}
                >
                  {t.addParticipant}
                </Button>
                <Button type="submit">{t.saveParticipants}</Button>
              </div>
            </form>
          )}

          <section className="fr-mt-6w">
            <h2>{t.withdrawTitle}</h2>
            <p>{t.withdrawLead}</p>
            <div className="fr-checkbox-group fr-mb-2w">
              <input
                type="checkbox"
                id="confirmer-retrait"
                checked={confirmWithdrawal}
                onChange={(change) => setConfirmWithdrawal(change.target.checked)}
              />
              <label className="fr-label" htmlFor="confirmer-retrait">
                {t.withdrawConfirm}
              </label>
            </div>
            <Button
              priority="secondary"
              disabled={!confirmWithdrawal}
              onClick={() => {
                setProblem(undefined);
                api('POST', `/api/v1/my-application/${token}/withdrawal`)
                  .then(() => setWithdrawn(true))
                  .catch((error: unknown) => setProblem(asProblem(error)));
              }}
            >
              {t.withdraw}
            </Button>
          </section>
        </>
      )}
    </div>
  );
}
