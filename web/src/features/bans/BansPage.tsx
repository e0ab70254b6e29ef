import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { localizedPath, useLang, useMessages } from '../../app/i18n';
import { ScrollableTable } from '../../ui/ScrollableTable';
import { SuccessAlert } from '../../ui/ProblemAlert';
import type { BanKind, BanStatus, BanSummary } from './contracts';
import { BansShell, Loading, useRegistryResource } from './BansShell';
import { banMessages, formatDay } from './messages';

const STATUSES: readonly BanStatus[] = ['in_force', 'not_yet_in_force', 'suspended', 'ended'];
const KINDS: readonly BanKind[] = ['judicial', 'administrative'];

/** Folds case and accents, so that « Kevin » finds « Kévin ». */
const folded = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/** The organiser's registry (issue [H]): one line per ban, no photograph; each read is audited. */
export function BansPage() {
  const t = useMessages(banMessages);
  const removed = (useLocation().state as { removed?: boolean } | null)?.removed === true;
  return (
    <BansShell title={t.list.title} lead={<p>{t.common.purpose}</p>}>
      {(organiserId) => (
        <>
          <SuccessAlert message={removed ? t.list.removed : undefined} />
          <Registry organiserId={organiserId} />
        </>
      )}
    </BansShell>
  );
}

function Registry({ organiserId }: { organiserId: string }) {
  const lang = useLang();
  const t = useMessages(banMessages);
  const { data: bans, problem } = useRegistryResource<BanSummary[]>(organiserId, 'bans');
  const [name, setName] = useState('');
  const [status, setStatus] = useState<BanStatus | ''>('');
  const [kind, setKind] = useState<BanKind | ''>('');

  if (bans === undefined) return <Loading problem={problem} />;
  if (bans.length === 0) return <p>{t.list.none}</p>;
  const wanted = folded(name.trim());
  const shown = bans.filter(
    (ban) =>
      (status === '' || ban.status === status) &&
      (kind === '' || ban.kind === kind) &&
      (wanted === '' || folded(`${ban.surname} ${ban.firstName}`).includes(wanted)),
  );
  return (
    <>
      <form role="search" aria-label={t.list.filters} onSubmit={(submitted) => submitted.preventDefault()}>
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-4">
            <Input
              label={t.list.name}
              nativeInputProps={{
                type: 'search',
                autoComplete: 'off',
                value: name,
                onChange: (change) => setName(change.target.value),
              }}
            />
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <Filter
              label={t.list.status}
              value={status}
              onChange={setStatus}
              options={STATUSES}
              names={t.common.statuses}
            />
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <Filter
              label={t.list.kind}
              value={kind}
              onChange={setKind}
              options={KINDS}
              names={t.common.kinds}
            />
          </div>
        </div>
      </form>
      <p role="status" className="fr-mt-2w">
        {t.list.count(shown.length, bans.length)}
      </p>
      <ScrollableTable
        caption={t.list.caption}
        headers={t.list.columns}
        data={shown.map((ban) => [
          <Link key={ban.id} to={localizedPath(lang, `interdictions/${ban.id}`)}>
            {`${ban.surname} ${ban.firstName}`}
          </Link>,
          formatDay(lang, ban.birthDate),
          t.common.kinds[ban.kind],
          t.common.period(formatDay(lang, ban.startsOn), formatDay(lang, ban.lastDay)),
          t.common.statuses[ban.status],
          ban.hasPhoto ? t.common.yes : t.common.no,
        ])}
      />
    </>
  );
}

/** A filter of the registry: one value among those of a column, or all. */
function Filter<Value extends string>({
  label,
  value,
  onChange,
  options,
  names,
}: {
  label: string;
  value: Value | '';
  onChange: (value: Value | '') => void;
  options: readonly Value[];
  names: Record<Value, string>;
}) {
  const all = useMessages(banMessages).list.all;
  return (
    <Select
      label={label}
      nativeSelectProps={{ value, onChange: (change) => onChange(change.target.value as Value | '') }}
    >
      <option value="">{all}</option>
      {options.map((option) => (
        <option key={option} value={option}>
          {names[option]}
        </option>
      ))}
    </Select>
  );
}
