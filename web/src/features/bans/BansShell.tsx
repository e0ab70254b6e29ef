import { Select } from '@codegouvfr/react-dsfr/Select';
import { Fragment, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { api, asProblem, type ApiProblem } from '../../app/api';
import { localizedPath, pagePathOf, useLang, useMessages } from '../../app/i18n';
import { useSession } from '../../app/session';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { usePageTitle } from '../../ui/usePageTitle';
import { banMessages } from './messages';

// What every page of the ban registry shares: the organiser whose registry it is (from the user's ban_officer
// grants), the registry's own sub-navigation, and reading one of its resources.

const CHOSEN_KEY = 'gradins.bans.organiser';

/** The organisers the signed-in user is a ban officer of: active grants of role ban_officer scoped to one. */
function useBanOrganiserIds(): string[] {
  const session = useSession();
  return useMemo(
    () => [
      ...new Set(
        (session.state?.grants ?? [])
          .filter((grant) => grant.active && grant.role === 'ban_officer' && grant.scopeKind === 'organiser')
          .flatMap((grant) => (grant.scopeId ? [grant.scopeId] : [])),
      ),
    ],
    [session.state],
  );
}

/** The organiser chosen (the first until the user picks another, kept for the tab's session). */
export function useBanOrganiser() {
  const organiserIds = useBanOrganiserIds();
  const [stored, setStored] = useState<string | null>(() => sessionStorage.getItem(CHOSEN_KEY));
  const organiserId = stored !== null && organiserIds.includes(stored) ? stored : organiserIds[0];
  const choose = useCallback((id: string) => {
    sessionStorage.setItem(CHOSEN_KEY, id);
    setStored(id);
  }, []);
  return { organiserIds, organiserId, choose };
}

/** The API path of the chosen organiser's registry: `/api/v1/organisers/{id}`. */
export const registryApi = (organiserId: string) => `/api/v1/organisers/${organiserId}`;

/**
 * `GET {registry}/{path}`: the data (undefined while it loads) and the problem. The data is always the chosen
 * organiser's: it is dropped when the organiser (or the path) changes, and an answer that comes back after a
 * newer request was sent, or after the page moved on, is ignored, so one registry never shows in another.
 */
export function useRegistryResource<T>(organiserId: string, path: string) {
  const url = `${registryApi(organiserId)}/${path}`;
  const [loaded, setLoaded] = useState<{ url: string; data: T } | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const latest = useRef(0);
  const reload = useCallback(() => {
    const request = ++latest.current;
    setProblem(undefined);
    api<T>('GET', url)
      .then((data) => {
        if (request === latest.current) setLoaded({ url, data });
      })
      .catch((error: unknown) => {
        if (request === latest.current) setProblem(asProblem(error));
      });
  }, [url]);
  useEffect(() => {
    reload();
    return () => {
      latest.current += 1;
    };
  }, [reload]);
  return { data: loaded?.url === url ? loaded.data : undefined, problem, reload };
}

const sections = [
  ['list', 'interdictions'],
  ['new', 'interdictions/nouvelle'],
  ['import', 'interdictions/import'],
  ['cases', 'interdictions/verifications'],
  ['rights', 'interdictions/droits'],
  ['purges', 'interdictions/effacements'],
] as const;

/** The registry's pages, linked from each of them (the main navigation has the registry only). */
function RegistryNavigation() {
  const lang = useLang();
  const t = useMessages(banMessages).common;
  const current = pagePathOf(useLocation().pathname);
  return (
    <nav aria-label={t.navLabel} className="fr-mb-4w">
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
        {sections.map(([key, path]) => (
          <li key={key}>
            <Link
              to={localizedPath(lang, path)}
              className={`fr-btn fr-btn--sm ${current === path ? '' : 'fr-btn--tertiary'}`}
              {...(current === path && { 'aria-current': 'page' as const })}
            >
              {t.sections[key]}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * The frame of a registry page: its title, the sub-navigation, the organiser chooser when the user has more
 * than one, and the page's content for the chosen organiser (or why there is none).
 */
export function BansShell({
  title,
  heading,
  lead,
  children,
}: {
  title: string;
  /** The <h1> when it differs from the page title (a person's name on a record). */
  heading?: string;
  lead?: ReactNode;
  children: (organiserId: string) => ReactNode;
}) {
  const t = useMessages(banMessages).common;
  usePageTitle(title);
  const session = useSession();
  const { organiserIds, organiserId, choose } = useBanOrganiser();
  // The session names the user's own organisation only: another organiser is known by its rank among the
  // grants (the API gives no organiser's name to a ban officer yet).
  const ownOrganisation = session.state?.user?.organisation;
  const nameOf = (id: string) => (id === ownOrganisation?.id ? ownOrganisation.name : undefined);
  const activeName = organiserId === undefined ? undefined : nameOf(organiserId);
  const activeRank = organiserId === undefined ? 0 : organiserIds.indexOf(organiserId) + 1;
  return (
    <div className="fr-container fr-py-6w">
      <h1>{heading ?? title}</h1>
      {organiserId !== undefined && (activeName !== undefined || organiserIds.length > 1) && (
        // Said again when the officer picks another organiser: the whole page below changes with it.
        <p className="fr-text--lead" aria-live="polite">
          {activeName !== undefined ? t.registryOf(activeName) : t.registryOfN(activeRank)}
        </p>
      )}
      <RegistryNavigation />
      {lead}
      {organiserId === undefined ? (
        <p>{t.noOrganiser}</p>
      ) : (
        <>
          {organiserIds.length > 1 && (
            <Select
              label={t.organiser}
              nativeSelectProps={{ value: organiserId, onChange: (change) => choose(change.target.value) }}
            >
              {organiserIds.map((id, index) => (
                <option key={id} value={id}>
                  {nameOf(id) ?? t.organiserN(index + 1)}
                </option>
              ))}
            </Select>
          )}
          {/* A new organiser is a new page: no state, no pending answer of the previous registry carries over. */}
          <Fragment key={organiserId}>{children(organiserId)}</Fragment>
        </>
      )}
    </div>
  );
}

/** What a registry page shows while its data loads, or instead of it (a problem). */
export function Loading({ problem }: { problem: ApiProblem | undefined }) {
  const t = useMessages(banMessages).common;
  if (problem !== undefined) return <ProblemAlert problem={problem} />;
  return <p aria-busy="true">{t.loading}</p>;
}
