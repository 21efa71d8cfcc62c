import { Button, Tooltip, makeStyles, tokens } from '@fluentui/react-components';
import { BeakerDismiss20Regular } from '@fluentui/react-icons';
import { useTestRun } from '../lib/what-if.ts';
import { useDesignStore } from '../store/index.ts';

const useStyles = makeStyles({
  failing: { color: tokens.colorPaletteRedForeground1, whiteSpace: 'nowrap' },
});

/**
 * The saved test cases' status in the top bar: shown only when some fail, so a change that breaks an
 * expectation is seen at once wherever the admin is. Selecting it opens the design view.
 */
export function TestStatus() {
  const styles = useStyles();
  const { results, failed } = useTestRun();
  const setActiveView = useDesignStore((s) => s.setActiveView);
  if (failed === 0) return null;
  const names = results.filter((r) => !r.passed).map((r) => r.test.name);
  const label = `${failed} of ${results.length} saved test${results.length === 1 ? '' : 's'} failing`;
  return (
    <Tooltip relationship="description" positioning="below" content={`Failing: ${names.slice(0, 5).join('; ')}${names.length > 5 ? '; …' : ''}`}>
      <Button
        appearance="subtle"
        className={styles.failing}
        icon={<BeakerDismiss20Regular />}
        onClick={() => setActiveView('design')}
        aria-label={`Tests: ${label}`}
        data-testid="test-status"
      >
        {label}
      </Button>
    </Tooltip>
  );
}
