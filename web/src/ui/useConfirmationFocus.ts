import { useEffect, useRef } from 'react';

/**
 * The focus of a confirmation step shown in place of the button that opens it: to the step's title when it
 * opens, back to the button when it is cancelled (not on the first render).
 */
export function useConfirmationFocus(confirming: boolean) {
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (wasConfirming.current) openRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);
  return { confirmRef, openRef };
}
