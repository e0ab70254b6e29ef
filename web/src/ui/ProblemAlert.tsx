import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { useEffect, useRef } from 'react';
import type { ApiProblem } from '../app/api';

/**
 * A DSFR error alert with what the server said (`detail`, in the page's language). It takes the keyboard focus
 * when it appears so screen-reader users hear it at once.
 */
export function ProblemAlert({
  problem,
  className,
}: {
  problem: ApiProblem | undefined;
  className?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problem !== undefined) ref.current?.focus();
  }, [problem]);
  if (problem === undefined) return null;
  return (
    // DSFR gives role="alert" to alerts with a title only.
    <div
      ref={ref}
      tabIndex={-1}
      className={className ?? 'fr-mb-3w'}
      {...(problem.title === '' && { role: 'alert' })}
    >
      {problem.title === '' ? (
        <Alert severity="error" small description={problem.detail} />
      ) : (
        <Alert severity="error" title={problem.title} description={problem.detail} />
      )}
    </div>
  );
}

/**
 * A small DSFR success alert, announced politely. The live region is always in the page, so screen readers
 * announce the message when it appears in it (a region created with its text is often not read).
 */
export function SuccessAlert({ message, className }: { message: string | undefined; className?: string }) {
  return (
    <div role="status" {...(message !== undefined && { className: className ?? 'fr-mb-3w' })}>
      {message !== undefined && <Alert severity="success" small description={message} />}
    </div>
  );
}

/** The `state`/`stateRelatedMessage` props of a DSFR Input for one field of a problem's `errors`. */
export function fieldState(
  problem: ApiProblem | undefined,
  field: string,
): { state?: 'error'; stateRelatedMessage?: string } {
  const messages = problem?.fieldErrors(field) ?? [];
  return messages.length === 0 ? {} : { state: 'error', stateRelatedMessage: messages.join(' ') };
}
