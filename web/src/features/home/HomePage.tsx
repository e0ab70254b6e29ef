import { fr } from '@codegouvfr/react-dsfr';
import { CallOut } from '@codegouvfr/react-dsfr/CallOut';
import { Tile } from '@codegouvfr/react-dsfr/Tile';
import Accessibility from '@codegouvfr/react-dsfr/picto/Accessibility';
import CityHall from '@codegouvfr/react-dsfr/picto/CityHall';
import EyeOff from '@codegouvfr/react-dsfr/picto/EyeOff';
import HumanCooperation from '@codegouvfr/react-dsfr/picto/HumanCooperation';
import JusticeScales from '@codegouvfr/react-dsfr/picto/JusticeScales';
import NationalIdentityCard from '@codegouvfr/react-dsfr/picto/NationalIdentityCard';
import School from '@codegouvfr/react-dsfr/picto/School';
import SignDocument from '@codegouvfr/react-dsfr/picto/SignDocument';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { localizedPath, useLang, useMessages } from '../../app/i18n';
import { usePageTitle } from '../../ui/usePageTitle';
import { homeMessages } from './messages';

interface TileItem {
  key: string;
  title: string;
  desc: string;
  pictogram: ReactNode;
}

/** A list of unclickable DSFR tiles: a real <ul> so screen readers announce how many items it has. */
function TileList(props: { items: readonly TileItem[]; labelledBy: string; titleAs: 'h3' | 'h4' }) {
  const { items, labelledBy, titleAs } = props;
  return (
    <ul className="fr-grid-row fr-grid-row--gutters fr-raw-list" aria-labelledby={labelledBy}>
      {items.map((item) => (
        <li key={item.key} className="fr-col-12 fr-col-sm-6 fr-col-lg-3">
          <Tile title={item.title} titleAs={titleAs} desc={item.desc} pictogram={item.pictogram} />
        </li>
      ))}
    </ul>
  );
}

export function HomePage() {
  const t = useMessages(homeMessages);
  const lang = useLang();
  usePageTitle(t.pageTitle);

  const promises: TileItem[] = [
    { key: 'free', ...t.promises.free, pictogram: <NationalIdentityCard fontSize="4rem" /> },
    { key: 'lottery', ...t.promises.lottery, pictogram: <JusticeScales fontSize="4rem" /> },
    { key: 'no-resale', ...t.promises.noResale, pictogram: <SignDocument fontSize="4rem" /> },
    { key: 'bans', ...t.promises.bans, pictogram: <EyeOff fontSize="4rem" /> },
  ];
  const publics: TileItem[] = [
    { key: 'youth', ...t.publics.youth, pictogram: <School fontSize="4rem" /> },
    { key: 'volunteers', ...t.publics.volunteers, pictogram: <HumanCooperation fontSize="4rem" /> },
    { key: 'disability', ...t.publics.disability, pictogram: <Accessibility fontSize="4rem" /> },
    { key: 'agents', ...t.publics.agents, pictogram: <CityHall fontSize="4rem" /> },
  ];

  return (
    <>
      <div className="fr-container fr-pt-6w fr-pb-4w">
        <div className="fr-grid-row">
          <div className="fr-col-12 fr-col-lg-9">
            <h1>Gradins</h1>
            <p className="fr-text--lead">{t.lead}</p>
            {t.presentation.map((sentence) => (
              <p key={sentence}>{sentence}</p>
            ))}
          </div>
        </div>
        <CallOut title={t.buildingTitle} titleAs="h2" iconId="fr-icon-information-line">
          {t.building}
        </CallOut>
      </div>

      <section className="fr-container fr-pb-6w" aria-labelledby="engagements">
        <h2 id="engagements">{t.promisesTitle}</h2>
        <TileList items={promises} labelledBy="engagements" titleAs="h3" />
        <p className="fr-mt-3w">
          <Link
            className="fr-link fr-icon-arrow-right-line fr-link--icon-right"
            to={localizedPath(lang, 'tirages')}
          >
            {t.verifyDraws}
          </Link>
        </p>
      </section>

      <section
        className="fr-py-6w"
        style={{ backgroundColor: fr.colors.decisions.background.alt.blueFrance.default }}
        aria-labelledby="pour-qui"
      >
        <div className="fr-container">
          <h2 id="pour-qui">{t.forWhomTitle}</h2>
          <h3 id="publics">{t.publicsTitle}</h3>
          <p>{t.publicsIntro}</p>
          <TileList items={publics} labelledBy="publics" titleAs="h4" />
          <h3 id="acteurs" className="fr-mt-6w">
            {t.actorsTitle}
          </h3>
          <ul aria-labelledby="acteurs">
            {t.actors.map((actor) => (
              <li key={actor.title}>
                <strong>{actor.title}</strong> {actor.desc}
              </li>
            ))}
          </ul>
        </div>
      </section>
    </>
  );
}
