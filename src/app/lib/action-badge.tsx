import { Badge, makeStyles } from '@fluentui/react-components';
import type { Rule } from '../../core/model/types.ts';

const useStyles = makeStyles({
  badge: { flexShrink: 0, whiteSpace: 'nowrap' },
});

/**
 * A rule's action as the list and the editor show it: Allow as a green tint, Deny filled red. It never
 * shrinks or wraps (a clipped "Deny" circle was issue 12).
 */
export function ActionBadge({ action }: { action: Rule['action'] }) {
  const styles = useStyles();
  return action === 'AllowAccess' ? (
    <Badge appearance="tint" color="success" shape="rounded" className={styles.badge}>
      Allow
    </Badge>
  ) : (
    <Badge appearance="filled" color="danger" shape="rounded" className={styles.badge}>
      Deny
    </Badge>
  );
}
