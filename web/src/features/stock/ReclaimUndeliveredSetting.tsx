import { ToggleSwitch } from '@codegouvfr/react-dsfr/ToggleSwitch';
import { useState } from 'react';
import { api, asProblem, type ApiProblem } from '../../app/api';
import type { Programme } from '../../app/contracts';
import { useMessages, type Dictionary } from '../../app/i18n';
import { ProblemAlert } from '../../ui/ProblemAlert';

const messages: Dictionary<{ label: string; hint: string }> = {
  fr: {
    label: 'Reprendre à l’échéance les billets émis mais non remis',
    hint: 'À l’échéance de reprise des Jeux, les billets de ce programme jamais remis à leur titulaire retournent au pot commun de l’État avec les places non attribuées (TAJ-17). Les billets remis ne sont pas concernés.',
  },
  en: {
    label: 'Reclaim tickets issued but not delivered at the deadline',
    hint: 'At the Games’ reclaim deadline, this programme’s tickets never delivered to their holder go back to the State pool with the unassigned seats (TAJ-17). Delivered tickets are not affected.',
  },
};

/** The programme's reclaim setting (data, not code), edited by a programme administrator. */
export function ReclaimUndeliveredSetting({
  programme,
  onSaved,
}: {
  programme: Programme;
  onSaved: (programme: Programme) => void;
}) {
  const t = useMessages(messages);
  const [problem, setProblem] = useState<ApiProblem>();
  const save = async (checked: boolean) => {
    setProblem(undefined);
    try {
      const { name, targetPublic, games, eligibility, maxEventChoices } = programme;
      onSaved(
        await api<Programme>('PUT', `/api/v1/programmes/${programme.id}`, {
          name,
          targetPublic,
          games,
          eligibility,
          maxEventChoices,
          reclaimUndeliveredTickets: checked,
        }),
      );
    } catch (error) {
      setProblem(asProblem(error));
    }
  };
  return (
    <>
      <ProblemAlert problem={problem} />
      <ToggleSwitch
        label={t.label}
        helperText={t.hint}
        labelPosition="left"
        showCheckedHint
        checked={programme.reclaimUndeliveredTickets}
        onChange={(checked) => void save(checked)}
      />
    </>
  );
}
