import { useEffect } from 'react';
import { Link, Toast, ToastTitle, Toaster, useId, useToastController } from '@fluentui/react-components';
import { useDesignStore } from '../../store/index.ts';

/** Shows a message as a toast with an Undo link (one undo step of the store). */
export type ShowUndoToast = (message: string) => void;

export interface UndoToasterProps {
  /** Called with the function that shows a toast once the toaster is mounted, and with null when it goes. */
  onReady: (show: ShowUndoToast | null) => void;
}

/**
 * The rule list's toaster: "Rule C deleted." with Undo, announced by Fluent's toaster. Loaded lazily
 * (Fluent's toast code is only needed after the first delete, not to show the list); until it is
 * mounted the list announces the message in its own live region instead.
 */
export function UndoToaster({ onReady }: UndoToasterProps) {
  const toasterId = useId('rule-list-toaster');
  const { dispatchToast } = useToastController(toasterId);
  useEffect(() => {
    onReady((message) =>
      dispatchToast(
        <Toast>
          <ToastTitle
            action={
              <Link as="button" aria-label={`Undo: ${message}`} onClick={() => useDesignStore.getState().undo()}>
                Undo
              </Link>
            }
          >
            {message}
          </ToastTitle>
        </Toast>,
        { intent: 'info', timeout: 6000 },
      ),
    );
    return () => onReady(null);
  }, [dispatchToast, onReady]);
  return <Toaster toasterId={toasterId} position="bottom-start" />;
}
