import { useState } from 'react';
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Radio,
  RadioGroup,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { Action } from '../../../core/model/types.ts';

const useStyles = makeStyles({ content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });

export interface TestCaseDraft {
  name: string;
  expected: Action;
  useCurrentConnection: boolean;
}

export interface TestCaseDialogProps {
  /** Kept mounted and closed through `open`, so Fluent restores the page's accessibility tree and focus. */
  open: boolean;
  title: string;
  initial: { name: string; expected: Action };
  /** Editing: offer to replace the saved connection with the simulator's current one. */
  offerCurrentConnection: boolean;
  onSave: (draft: TestCaseDraft) => void;
  onClose: () => void;
}

/** Name and expected action of a saved test case (new or edited). */
export function TestCaseDialog({ open, title, initial, offerCurrentConnection, onSave, onClose }: TestCaseDialogProps) {
  const styles = useStyles();
  const [name, setName] = useState(initial.name);
  const [expected, setExpected] = useState<Action>(initial.expected);
  const [useCurrent, setUseCurrent] = useState(false);
  const nameProblem = name.trim() === '' ? 'Give the test case a name.' : undefined;
  return (
    <Dialog open={open} onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!nameProblem) onSave({ name: name.trim(), expected, useCurrentConnection: useCurrent });
          }}
        >
          <DialogBody>
            <DialogTitle>{title}</DialogTitle>
            <DialogContent className={styles.content}>
              <Field label="Test case name" required validationMessage={nameProblem}>
                <Input value={name} onChange={(_, d) => setName(d.value)} autoFocus />
              </Field>
              <Field label="Expected action">
                <RadioGroup value={expected} onChange={(_, d) => setExpected(d.value as Action)} layout="horizontal">
                  <Radio value="AllowAccess" label="AllowAccess" />
                  <Radio value="DenyAccess" label="DenyAccess" />
                </RadioGroup>
              </Field>
              {offerCurrentConnection && (
                <Checkbox checked={useCurrent} onChange={(_, d) => setUseCurrent(d.checked === true)} label="Replace its connection with the simulator's current connection" />
              )}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose}>
                Cancel
              </Button>
              <Button appearance="primary" type="submit" disabled={!!nameProblem}>
                Save
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
