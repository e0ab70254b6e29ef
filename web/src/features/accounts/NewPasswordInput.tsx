import { PasswordInput } from '@codegouvfr/react-dsfr/blocks/PasswordInput';
import type { ApiProblem } from '../../app/api';
import { useMessages, type Dictionary } from '../../app/i18n';

const messages: Dictionary<{
  hint: string;
  length: (count: number) => string;
  lower: string;
  upper: string;
  digit: string;
  special: string;
  alternatives: string;
}> = {
  fr: {
    hint: 'Votre mot de passe doit contenir\u00a0:',
    length: (count) => `au moins 12\u00a0caractères (${count} saisi${count > 1 ? 's' : ''})`,
    lower: 'une lettre minuscule',
    upper: 'une lettre majuscule',
    digit: 'un chiffre',
    special: 'un caractère spécial (par exemple\u00a0! ? % & # ou une espace)',
    alternatives:
      'Ou bien au moins 14\u00a0caractères de trois de ces types, ou une phrase de passe d’au moins 7\u00a0mots. Les mots de passe trop courants sont refusés.',
  },
  en: {
    hint: 'Your password must contain:',
    length: (count) => `at least 12 characters (${count} typed)`,
    lower: 'a lowercase letter',
    upper: 'an uppercase letter',
    digit: 'a digit',
    special: 'a special character (e.g. ! ? % & # or a space)',
    alternatives:
      'Or at least 14 characters of three of these kinds, or a passphrase of at least 7 words. Common passwords are refused.',
  },
};

/**
 * A new password with live guidance after the CNIL recommendation (12 characters from the four kinds…); the
 * server's password policy has the last word, and each of its `weak-password` messages is shown as an error.
 */
export function NewPasswordInput(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  problem: ApiProblem | undefined;
  field: string;
  name?: string;
}) {
  const t = useMessages(messages);
  const { value } = props;
  const checks: [boolean, string][] = [
    [value.length >= 12, t.length(value.length)],
    [/[a-zà-ÿ]/.test(value), t.lower],
    [/[A-ZÀ-Þ]/.test(value), t.upper],
    [/\d/.test(value), t.digit],
    [/[^\p{L}\d]/u.test(value), t.special],
  ];
  const serverMessages =
    props.problem === undefined
      ? []
      : props.problem.code === 'weak-password'
        ? props.problem.errors.length > 0
          ? props.problem.errors.map((error) => error.message)
          : [props.problem.detail]
        : props.problem.fieldErrors(props.field);
  return (
    <>
      <PasswordInput
        label={props.label}
        messagesHint={t.hint}
        messages={[
          ...serverMessages.map((message) => ({ severity: 'error' as const, message })),
          ...checks.map(([ok, message]) => ({
            severity: ok ? ('valid' as const) : ('info' as const),
            message,
          })),
        ]}
        nativeInputProps={{
          name: props.name ?? 'new-password',
          autoComplete: 'new-password',
          required: true,
          maxLength: 128,
          value,
          onChange: (event) => props.onChange(event.target.value),
        }}
      />
      <p className="fr-text--xs fr-mt-n2w fr-mb-3w">{t.alternatives}</p>
    </>
  );
}
