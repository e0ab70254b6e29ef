import { useEffect, useRef } from 'react';
import type { ApiProblem } from '../../app/api';
import { useMessages } from '../../app/i18n';
import { banMessages } from './messages';

/** The messages of a problem about one field, named as the API names it (`identity.birthDate`, inside the body). */
export function messagesAt(problem: ApiProblem | undefined, path: string): string[] {
  return (problem?.errors ?? []).filter((error) => isAt(error.path, path)).map((error) => error.message);
}

function isAt(errorPath: string, path: string): boolean {
  const at = errorPath.replace(/^body\./, '');
  return at === path || at.startsWith(`${path}.`);
}

/** The `state`/`stateRelatedMessage` of a DSFR field for one path of a problem. */
export function stateAt(problem: ApiProblem | undefined, path: string) {
  const messages = messagesAt(problem, path);
  return messages.length === 0 ? {} : { state: 'error' as const, stateRelatedMessage: messages.join(' ') };
}

/**
 * The error summary of a form: the problem's detail, then one link per field in error, which moves to that
 * field. It takes the focus when it appears, so keyboard and screen-reader users start from it.
 */
export function FieldErrorSummary({
  problem,
  fields,
}: {
  problem: ApiProblem | undefined;
  /** The form's fields, in order: the API's path, the input's id, its label. */
  fields: readonly { path: string; id: string; label: string }[];
}) {
  const t = useMessages(banMessages).common;
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problem !== undefined) ref.current?.focus();
  }, [problem]);
  if (problem === undefined) return null;
  const listed = fields.flatMap((field) =>
    messagesAt(problem, field.path).map((message) => ({ ...field, message })),
  );
  const others = problem.errors.filter((error) => !fields.some((field) => isAt(error.path, field.path)));
  return (
    <div ref={ref} tabIndex={-1} role="alert" className="fr-alert fr-alert--error fr-mb-3w">
      {problem.title !== '' && <h2 className="fr-alert__title">{problem.title}</h2>}
      <p>{problem.detail}</p>
      {(listed.length > 0 || others.length > 0) && (
        <>
          <p className="fr-mb-1w">{t.errorSummary}</p>
          <ul>
            {listed.map((field, index) => (
              <li key={`${field.id}-${index}`}>
                <a href={`#${field.id}`}>{t.fieldError(field.label, field.message)}</a>
              </li>
            ))}
            {others.map((error, index) => (
              // A field this form does not show: its API path would mean nothing to the reader.
              <li key={`other-${index}`}>{t.fieldError(t.otherError, error.message)}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
