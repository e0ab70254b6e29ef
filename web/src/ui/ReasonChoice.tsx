import { Button } from '@codegouvfr/react-dsfr/Button';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';

/**
 * The end of a confirmation step for an action that cannot be undone (erasing an applicant, deleting a ban):
 * the reason to choose (a required radio group with its legend), the button that confirms and the one that
 * goes back. The surrounding form submits.
 */
export function ReasonChoice<Value extends string>({
  legend,
  name,
  options,
  chosen,
  onChoose,
  confirmLabel,
  cancelLabel,
  onCancel,
  sending = false,
}: {
  legend: string;
  name: string;
  options: readonly { value: Value; label: string }[];
  chosen: Value | undefined;
  onChoose: (value: Value) => void;
  confirmLabel: string;
  cancelLabel: string;
  onCancel: () => void;
  sending?: boolean;
}) {
  return (
    <>
      <RadioButtons
        legend={legend}
        name={name}
        options={options.map(({ value, label }) => ({
          label,
          nativeInputProps: {
            value,
            required: true,
            checked: chosen === value,
            onChange: () => onChoose(value),
          },
        }))}
      />
      <ul className="fr-btns-group fr-btns-group--inline-md">
        <li>
          <Button type="submit" iconId="fr-icon-delete-line" disabled={sending}>
            {confirmLabel}
          </Button>
        </li>
        <li>
          <Button type="button" priority="tertiary" onClick={onCancel}>
            {cancelLabel}
          </Button>
        </li>
      </ul>
    </>
  );
}
