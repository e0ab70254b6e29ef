import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { Tag } from '@codegouvfr/react-dsfr/Tag';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, asProblem, type ApiProblem } from '../../app/api';
import type {
  Grant,
  GrantInput,
  Organisation,
  OrganisationKind,
  Role,
  ScopeKind,
  UserSummary,
} from '../../app/contracts';
import { useLang, useMessages, type Dictionary } from '../../app/i18n';
import { fieldState, ProblemAlert, SuccessAlert } from '../../ui/ProblemAlert';
import { usePageTitle } from '../../ui/usePageTitle';
import { formatDate, organisationKindNames, roleNames, scopeNames } from './labels';
import { useReauthentication } from './Reauthentication';

/** The eight roles, in the order of PRODUCT.md (no Zod schema bundled for that). */
const ROLES = Object.keys(roleNames.fr) as Role[];
const scopeKinds: readonly ScopeKind[] = ['platform', 'programme', 'operator', 'organiser', 'event'];
const organisationKinds: readonly OrganisationKind[] = [
  'programme_owner',
  'operator',
  'event_organiser',
  'subcontractor',
];

const messages: Dictionary<{
  pageTitle: string;
  usersTitle: string;
  columns: string[];
  status: Record<UserSummary['status'], string>;
  mfaOn: string;
  mfaOff: string;
  locked: string;
  revoke: (role: string) => string;
  disable: string;
  enable: string;
  unlock: string;
  resendInvitation: string;
  invitationResent: (email: string) => string;
  inviteTitle: string;
  email: string;
  displayName: string;
  organisation: string;
  chooseOrganisation: string;
  newOrganisationTitle: string;
  newOrganisationName: string;
  newOrganisationKind: string;
  createOrganisation: string;
  grantLegend: (index: number) => string;
  role: string;
  scope: string;
  scopeId: string;
  scopeIdHint: string;
  scopeOperator: string;
  scopeOrganiser: string;
  startsAt: string;
  endsAt: string;
  runsDraws: string;
  addGrant: string;
  removeGrant: string;
  invite: string;
  invited: (email: string) => string;
  organisationCreated: (name: string) => string;
  done: string;
  empty: string;
}> = {
  fr: {
    pageTitle: 'Utilisateurs et habilitations',
    usersTitle: 'Comptes',
    columns: ['Utilisateur', 'Organisation', 'État', 'Habilitations', 'Actions'],
    status: { invited: 'invité', active: 'actif', disabled: 'désactivé' },
    mfaOn: 'double authentification',
    mfaOff: 'sans double authentification',
    locked: 'verrouillé',
    revoke: (role) => `Retirer l’habilitation ${role}`,
    disable: 'Désactiver',
    enable: 'Réactiver',
    unlock: 'Déverrouiller',
    resendInvitation: 'Renvoyer l’invitation',
    invitationResent: (email) =>
      `Nouvelle invitation envoyée à ${email} ; le lien précédent ne fonctionne plus.`,
    inviteTitle: 'Inviter un utilisateur',
    email: 'Adresse e-mail',
    displayName: 'Prénom et nom',
    organisation: 'Organisation',
    chooseOrganisation: 'Choisir une organisation',
    newOrganisationTitle: 'Créer une organisation',
    newOrganisationName: 'Nom de l’organisation',
    newOrganisationKind: 'Type d’organisation',
    createOrganisation: 'Créer l’organisation',
    grantLegend: (index) => `Habilitation n°\u00a0${index}`,
    role: 'Rôle',
    scope: 'Portée',
    scopeId: 'Identifiant de la portée',
    scopeIdHint: 'Identifiant (UUID) du programme ou de l’événement',
    scopeOperator: 'Opérateur concerné',
    scopeOrganiser: 'Organisateur concerné',
    startsAt: 'Début',
    endsAt: 'Fin',
    runsDraws: 'Conduit des tirages (double authentification obligatoire)',
    addGrant: 'Ajouter une habilitation',
    removeGrant: 'Retirer cette habilitation',
    invite: 'Envoyer l’invitation',
    invited: (email) => `Invitation envoyée à ${email}.`,
    organisationCreated: (name) => `Organisation «\u00a0${name}\u00a0» créée.`,
    done: 'Modification enregistrée.',
    empty: 'Aucun compte.',
  },
  en: {
    pageTitle: 'Users and authorisations',
    usersTitle: 'Accounts',
    columns: ['User', 'Organisation', 'Status', 'Authorisations', 'Actions'],
    status: { invited: 'invited', active: 'active', disabled: 'disabled' },
    mfaOn: 'two-factor',
    mfaOff: 'no two-factor',
    locked: 'locked',
    revoke: (role) => `Revoke the ${role} authorisation`,
    disable: 'Disable',
    enable: 'Enable',
    unlock: 'Unlock',
    resendInvitation: 'Send the invitation again',
    invitationResent: (email) => `New invitation sent to ${email}; the previous link no longer works.`,
    inviteTitle: 'Invite a user',
    email: 'E-mail address',
    displayName: 'First name and surname',
    organisation: 'Organisation',
    chooseOrganisation: 'Choose an organisation',
    newOrganisationTitle: 'Create an organisation',
    newOrganisationName: 'Name of the organisation',
    newOrganisationKind: 'Kind of organisation',
    createOrganisation: 'Create the organisation',
    grantLegend: (index) => `Authorisation no. ${index}`,
    role: 'Role',
    scope: 'Scope',
    scopeId: 'Scope identifier',
    scopeIdHint: 'Identifier (UUID) of the programme or event',
    scopeOperator: 'Operator concerned',
    scopeOrganiser: 'Organiser concerned',
    startsAt: 'Start',
    endsAt: 'End',
    runsDraws: 'Runs draws (two-factor authentication required)',
    addGrant: 'Add an authorisation',
    removeGrant: 'Remove this authorisation',
    invite: 'Send the invitation',
    invited: (email) => `Invitation sent to ${email}.`,
    organisationCreated: (name) => `Organisation “${name}” created.`,
    done: 'Change saved.',
    empty: 'No account.',
  },
};

interface GrantDraft {
  key: number;
  role: Role;
  scopeKind: ScopeKind;
  scopeId: string;
  startsAt: string;
  endsAt: string;
  runsDraws: boolean;
}

function isoDay(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

let nextKey = 1;
function newGrantDraft(): GrantDraft {
  const today = new Date();
  const inOneYear = new Date(today);
  inOneYear.setFullYear(today.getFullYear() + 1);
  return {
    key: nextKey++,
    role: 'operator',
    scopeKind: 'platform',
    scopeId: '',
    startsAt: isoDay(today),
    endsAt: isoDay(inOneYear),
    runsDraws: false,
  };
}

/** A day typed in a date field, as the API's ISO date-time: today means now, other days start at midnight. */
function dayToIso(day: string, end = false): string {
  if (!end && day === isoDay(new Date())) return new Date().toISOString();
  const date = new Date(`${day}T${end ? '23:59:59' : '00:00:00'}`);
  return Number.isNaN(date.getTime()) ? day : date.toISOString();
}

function toGrantInput(draft: GrantDraft): GrantInput {
  return {
    role: draft.role,
    scopeKind: draft.scopeKind,
    scopeId: draft.scopeKind === 'platform' ? null : draft.scopeId.trim(),
    startsAt: dayToIso(draft.startsAt),
    endsAt: dayToIso(draft.endsAt, true),
    runsDraws: draft.role === 'operator' && draft.runsDraws,
  };
}

export function UsersAdminPage() {
  const lang = useLang();
  const t = useMessages(messages);
  usePageTitle(t.pageTitle);
  const reauth = useReauthentication();
  const [users, setUsers] = useState<UserSummary[]>([]);
  const [organisations, setOrganisations] = useState<Organisation[]>([]);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [success, setSuccess] = useState<string | undefined>(undefined);

  const load = useCallback(() => {
    Promise.all([
      api<UserSummary[]>('GET', '/api/v1/users'),
      api<Organisation[]>('GET', '/api/v1/organisations'),
    ])
      .then(([nextUsers, nextOrganisations]) => {
        setUsers(nextUsers);
        setOrganisations(nextOrganisations);
      })
      .catch((error: unknown) => setProblem(asProblem(error)));
  }, []);
  useEffect(load, [load]);

  const act = async (action: () => Promise<unknown>, message = t.done) => {
    setProblem(undefined);
    setSuccess(undefined);
    try {
      await reauth.run(action);
      setSuccess(message);
      load();
    } catch (error) {
      setProblem(asProblem(error));
    }
  };

  return (
    <div className="fr-container fr-py-6w">
      <h1>{t.pageTitle}</h1>
      <SuccessAlert message={success} />
      <ProblemAlert problem={problem} />

      <h2>{t.usersTitle}</h2>
      {users.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <Table
          caption={t.usersTitle}
          noCaption
          headers={t.columns}
          data={users.map((user) => [
            <span key="who">
              <strong>{user.displayName}</strong>
              <br />
              {user.email}
            </span>,
            user.organisationName,
            <span key="status">
              <Badge
                as="span"
                small
                severity={user.status === 'active' ? 'success' : user.status === 'invited' ? 'info' : 'error'}
              >
                {t.status[user.status]}
              </Badge>{' '}
              <Badge as="span" small noIcon severity={user.mfaEnabled ? 'success' : 'warning'}>
                {user.mfaEnabled ? t.mfaOn : t.mfaOff}
              </Badge>{' '}
              {user.locked && (
                <Badge as="span" small severity="error">
                  {t.locked}
                </Badge>
              )}
            </span>,
            <GrantTags
              key="grants"
              grants={user.grants}
              onRevoke={(grant) => void act(() => api<Grant>('POST', `/api/v1/grants/${grant.id}/revoke`))}
              revokeLabel={(grant) => t.revoke(roleNames[lang][grant.role])}
            />,
            <span key="actions" className="fr-btns-group fr-btns-group--sm fr-btns-group--inline">
              {user.status === 'disabled' ? (
                <Button
                  size="small"
                  priority="secondary"
                  onClick={() => void act(() => api('POST', `/api/v1/users/${user.id}/enable`))}
                >
                  {t.enable}
                </Button>
              ) : (
                <Button
                  size="small"
                  priority="secondary"
                  onClick={() => void act(() => api('POST', `/api/v1/users/${user.id}/disable`))}
                >
                  {t.disable}
                </Button>
              )}
              {user.status === 'invited' && (
                <Button
                  size="small"
                  priority="secondary"
                  onClick={() =>
                    void act(
                      () => api('POST', `/api/v1/users/${user.id}/invitation`),
                      t.invitationResent(user.email),
                    )
                  }
                >
                  {t.resendInvitation}
                </Button>
              )}
              {user.locked && (
                <Button
                  size="small"
                  priority="secondary"
                  onClick={() => void act(() => api('POST', `/api/v1/users/${user.id}/unlock`))}
                >
                  {t.unlock}
                </Button>
              )}
            </span>,
          ])}
        />
      )}

      <InviteForm
        organisations={organisations}
        onOrganisationCreated={(organisation) => {
          setOrganisations((current) => [...current, organisation]);
          setSuccess(t.organisationCreated(organisation.name));
        }}
        invite={(request) => reauth.run(() => api<UserSummary>('POST', '/api/v1/invitations', request))}
        onInvited={(user) => {
          setProblem(undefined);
          setSuccess(t.invited(user.email));
          load();
        }}
      />
      {reauth.modal}
    </div>
  );
}

function GrantTags(props: {
  grants: Grant[];
  onRevoke(grant: Grant): void;
  revokeLabel(grant: Grant): string;
}) {
  const lang = useLang();
  const active = props.grants.filter((grant) => grant.active);
  if (active.length === 0) return <>—</>;
  return (
    <ul className="fr-raw-list">
      {active.map((grant) => (
        <li key={grant.id} className="fr-mb-1w">
          <Tag small>{roleNames[lang][grant.role]}</Tag>{' '}
          <span className="fr-text--xs">
            {scopeNames[lang][grant.scopeKind]}, {formatDate(lang, grant.endsAt)}
          </span>{' '}
          <Button
            size="small"
            priority="tertiary no outline"
            iconId="fr-icon-close-line"
            title={props.revokeLabel(grant)}
            onClick={() => props.onRevoke(grant)}
          />
        </li>
      ))}
    </ul>
  );
}

function InviteForm(props: {
  organisations: Organisation[];
  onOrganisationCreated(organisation: Organisation): void;
  invite(request: {
    email: string;
    displayName: string;
    organisationId: string;
    grants: GrantInput[];
  }): Promise<UserSummary>;
  onInvited(user: UserSummary): void;
}) {
  const lang = useLang();
  const t = useMessages(messages);
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [organisationId, setOrganisationId] = useState('');
  const [grants, setGrants] = useState<GrantDraft[]>(() => [newGrantDraft()]);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [orgName, setOrgName] = useState('');
  const [orgKind, setOrgKind] = useState<OrganisationKind>('operator');
  const [orgProblem, setOrgProblem] = useState<ApiProblem | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const update = (key: number, change: Partial<GrantDraft>) =>
    setGrants((current) => current.map((grant) => (grant.key === key ? { ...grant, ...change } : grant)));

  const createOrganisation = async () => {
    setOrgProblem(undefined);
    try {
      const organisation = await api<Organisation>('POST', '/api/v1/organisations', {
        name: orgName,
        kind: orgKind,
      });
      props.onOrganisationCreated(organisation);
      setOrganisationId(organisation.id);
      setOrgName('');
    } catch (error) {
      setOrgProblem(asProblem(error));
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const user = await props.invite({
        email,
        displayName,
        organisationId,
        grants: grants.map(toGrantInput),
      });
      setEmail('');
      setDisplayName('');
      setGrants([newGrantDraft()]);
      props.onInvited(user);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  /** Errors about `grants.0.role`… shown next to the field of that grant. */
  const grantError = (index: number, field: string) => fieldState(problem, `grants.${index}.${field}`);

  return (
    <section aria-labelledby="inviter" className="fr-mt-6w">
      <h2 id="inviter">{t.inviteTitle}</h2>
      <ProblemAlert problem={problem} />
      <form onSubmit={(event) => void submit(event)} noValidate className="fr-col-12 fr-col-lg-8">
        <Input
          label={t.email}
          {...fieldState(problem, 'email')}
          nativeInputProps={{
            type: 'email',
            name: 'invite-email',
            autoComplete: 'off',
            required: true,
            value: email,
            onChange: (event) => setEmail(event.target.value),
          }}
        />
        <Input
          label={t.displayName}
          {...fieldState(problem, 'displayName')}
          nativeInputProps={{
            name: 'invite-name',
            autoComplete: 'off',
            required: true,
            value: displayName,
            onChange: (event) => setDisplayName(event.target.value),
          }}
        />
        <Select
          label={t.organisation}
          {...fieldState(problem, 'organisationId')}
          nativeSelectProps={{
            name: 'organisation',
            required: true,
            value: organisationId,
            onChange: (event) => setOrganisationId(event.target.value),
          }}
        >
          <option value="" disabled>
            {t.chooseOrganisation}
          </option>
          {props.organisations.map((organisation) => (
            <option key={organisation.id} value={organisation.id}>
              {organisation.name} ({organisationKindNames[lang][organisation.kind]})
            </option>
          ))}
        </Select>

        <fieldset
          className="fr-fieldset fr-mb-4w fr-p-2w"
          style={{ border: '1px solid var(--border-default-grey)' }}
        >
          <legend className="fr-fieldset__legend">{t.newOrganisationTitle}</legend>
          <ProblemAlert problem={orgProblem} />
          <div className="fr-fieldset__element">
            <Input
              label={t.newOrganisationName}
              {...fieldState(orgProblem, 'name')}
              nativeInputProps={{
                name: 'organisation-name',
                value: orgName,
                onChange: (event) => setOrgName(event.target.value),
              }}
            />
          </div>
          <div className="fr-fieldset__element">
            <Select
              label={t.newOrganisationKind}
              nativeSelectProps={{
                name: 'organisation-kind',
                value: orgKind,
                onChange: (event) => setOrgKind(event.target.value as OrganisationKind),
              }}
            >
              {organisationKinds.map((kind) => (
                <option key={kind} value={kind}>
                  {organisationKindNames[lang][kind]}
                </option>
              ))}
            </Select>
          </div>
          <div className="fr-fieldset__element">
            <Button type="button" priority="secondary" onClick={() => void createOrganisation()}>
              {t.createOrganisation}
            </Button>
          </div>
        </fieldset>

        {grants.map((grant, index) => (
          <fieldset key={grant.key} className="fr-fieldset fr-mb-2w">
            <legend className="fr-fieldset__legend">{t.grantLegend(index + 1)}</legend>
            <div className="fr-fieldset__element">
              <Select
                label={t.role}
                {...grantError(index, 'role')}
                nativeSelectProps={{
                  name: `grant-${index}-role`,
                  value: grant.role,
                  onChange: (event) => update(grant.key, { role: event.target.value as Role }),
                }}
              >
                {ROLES.map((role) => (
                  <option key={role} value={role}>
                    {roleNames[lang][role]}
                  </option>
                ))}
              </Select>
            </div>
            <div className="fr-fieldset__element">
              <Select
                label={t.scope}
                {...grantError(index, 'scopeKind')}
                nativeSelectProps={{
                  name: `grant-${index}-scope`,
                  value: grant.scopeKind,
                  onChange: (event) => update(grant.key, { scopeKind: event.target.value as ScopeKind }),
                }}
              >
                {scopeKinds.map((kind) => (
                  <option key={kind} value={kind}>
                    {scopeNames[lang][kind]}
                  </option>
                ))}
              </Select>
            </div>
            {(grant.scopeKind === 'operator' || grant.scopeKind === 'organiser') && (
              <div className="fr-fieldset__element">
                <Select
                  label={grant.scopeKind === 'operator' ? t.scopeOperator : t.scopeOrganiser}
                  {...grantError(index, 'scopeId')}
                  nativeSelectProps={{
                    name: `grant-${index}-scope-id`,
                    value: grant.scopeId,
                    onChange: (event) => update(grant.key, { scopeId: event.target.value }),
                  }}
                >
                  <option value="" disabled>
                    {t.chooseOrganisation}
                  </option>
                  {props.organisations.map((organisation) => (
                    <option key={organisation.id} value={organisation.id}>
                      {organisation.name} ({organisationKindNames[lang][organisation.kind]})
                    </option>
                  ))}
                </Select>
              </div>
            )}
            {(grant.scopeKind === 'programme' || grant.scopeKind === 'event') && (
              <div className="fr-fieldset__element">
                <Input
                  label={t.scopeId}
                  hintText={t.scopeIdHint}
                  {...grantError(index, 'scopeId')}
                  nativeInputProps={{
                    name: `grant-${index}-scope-id`,
                    value: grant.scopeId,
                    spellCheck: false,
                    onChange: (event) => update(grant.key, { scopeId: event.target.value }),
                  }}
                />
              </div>
            )}
            <div className="fr-fieldset__element fr-fieldset__element--inline">
              <Input
                label={t.startsAt}
                {...grantError(index, 'startsAt')}
                nativeInputProps={{
                  type: 'date',
                  name: `grant-${index}-starts`,
                  value: grant.startsAt,
                  onChange: (event) => update(grant.key, { startsAt: event.target.value }),
                }}
              />
            </div>
            <div className="fr-fieldset__element fr-fieldset__element--inline">
              <Input
                label={t.endsAt}
                {...grantError(index, 'endsAt')}
                nativeInputProps={{
                  type: 'date',
                  name: `grant-${index}-ends`,
                  value: grant.endsAt,
                  onChange: (event) => update(grant.key, { endsAt: event.target.value }),
                }}
              />
            </div>
            {grant.role === 'operator' && (
              <div className="fr-fieldset__element">
                <Checkbox
                  {...grantError(index, 'runsDraws')}
                  options={[
                    {
                      label: t.runsDraws,
                      nativeInputProps: {
                        name: `grant-${index}-runs-draws`,
                        checked: grant.runsDraws,
                        onChange: (event) => update(grant.key, { runsDraws: event.target.checked }),
                      },
                    },
                  ]}
                />
              </div>
            )}
            {grants.length > 1 && (
              <div className="fr-fieldset__element">
                <Button
                  type="button"
                  priority="tertiary"
                  size="small"
                  onClick={() => setGrants((current) => current.filter((other) => other.key !== grant.key))}
                >
                  {t.removeGrant}
                </Button>
              </div>
            )}
          </fieldset>
        ))}
        <Button
          type="button"
          priority="secondary"
          iconId="fr-icon-add-line"
          className="fr-mb-4w"
          onClick={() => setGrants((current) => [...current, newGrantDraft()])}
        >
          {t.addGrant}
        </Button>
        <div>
          <Button type="submit" disabled={busy}>
            {t.invite}
          </Button>
        </div>
      </form>
    </section>
  );
}
