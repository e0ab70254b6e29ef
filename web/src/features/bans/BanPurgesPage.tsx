import { useLang, useMessages } from '../../app/i18n';
import { ScrollableTable } from '../../ui/ScrollableTable';
import { formatParisDateTime } from '../stock/labels';
import { BansShell, Loading, useRegistryResource } from './BansShell';
import type { BanPurge } from './contracts';
import { banMessages } from './messages';

/** The deletions of bans (SEC-4): instants, causes and counts, no personal data. */
export function BanPurgesPage() {
  const t = useMessages(banMessages).purges;
  return (
    <BansShell
      title={t.title}
      lead={
        <>
          <p>{t.lead}</p>
          <p>{t.noPersonalData}</p>
        </>
      }
    >
      {(organiserId) => <Purges organiserId={organiserId} />}
    </BansShell>
  );
}

function Purges({ organiserId }: { organiserId: string }) {
  const lang = useLang();
  const t = useMessages(banMessages).purges;
  const { data, problem } = useRegistryResource<BanPurge[]>(organiserId, 'ban-purges');
  if (data === undefined) return <Loading problem={problem} />;
  if (data.length === 0) return <p>{t.none}</p>;
  return (
    <ScrollableTable
      caption={t.caption}
      headers={t.columns}
      data={data.map((purge) => [
        formatParisDateTime(lang, purge.at),
        t.causes[purge.cause],
        String(purge.bans),
        String(purge.photos),
      ])}
    />
  );
}
