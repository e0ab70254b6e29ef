import { useNavigate } from 'react-router';
import { localizedPath, useLang, useMessages } from '../../app/i18n';
import { BanForm } from './BanForm';
import { BansShell } from './BansShell';
import { banMessages } from './messages';

/** Entering a ban by hand: the form, then the new record. */
export function NewBanPage() {
  const lang = useLang();
  const t = useMessages(banMessages).form;
  const navigate = useNavigate();
  return (
    <BansShell title={t.newTitle} lead={<p>{t.lead}</p>}>
      {(organiserId) => (
        <BanForm
          organiserId={organiserId}
          onSaved={(saved) =>
            void navigate(localizedPath(lang, `interdictions/${saved.id}`), { state: { created: true } })
          }
        />
      )}
    </BansShell>
  );
}
