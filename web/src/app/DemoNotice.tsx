import { Notice } from '@codegouvfr/react-dsfr/Notice';
import { useEffect, useState } from 'react';
import { api } from './api';
import type { InstanceInfo } from './contracts';
import { useLang, useMessages, type Dictionary } from './i18n';

const messages: Dictionary<{ title: (opening: string, days: number) => string }> = {
  fr: {
    title: (opening, days) =>
      `Démonstration : les personnes et les comptes sont fictifs. Le calendrier de Paris 2024 est rejoué, décalé de ${days} jours : les Jeux olympiques s’ouvrent le ${opening}.`,
  },
  en: {
    title: (opening, days) =>
      `Demonstration: people and accounts are fictitious. The Paris 2024 calendar is replayed, shifted by ${days} days: the Olympic Games open on ${opening}.`,
  },
};

/** A banner on every page of an installation loaded with `gradins demo`, so nobody takes it for real data. */
export function DemoNotice() {
  const lang = useLang();
  const t = useMessages(messages);
  const [info, setInfo] = useState<InstanceInfo | undefined>(undefined);
  useEffect(() => {
    api<InstanceInfo>('GET', '/api/v1/instance')
      .then(setInfo)
      .catch(() => setInfo(undefined));
  }, []);
  if (!info?.demo) return null;
  const opening = new Date(info.demo.olympicOpening).toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone: 'Europe/Paris',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  return <Notice title={t.title(opening, info.demo.shiftDays)} />;
}
