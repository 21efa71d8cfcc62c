import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarGroup,
  MessageBarTitle,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Dismiss20Regular } from '@fluentui/react-icons';
import { useNotices } from './notices.ts';

const useStyles = makeStyles({
  group: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    flexShrink: 0,
  },
});

/** Restore and save problems, explained, each dismissible. */
export function NoticeArea() {
  const styles = useStyles();
  const notices = useNotices((s) => s.notices);
  const dismiss = useNotices((s) => s.dismiss);
  if (notices.length === 0) return null;
  return (
    <MessageBarGroup className={styles.group}>
      {notices.map((notice) => (
        <MessageBar key={notice.id} intent={notice.intent} layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{notice.title}</MessageBarTitle>
            {notice.message}
            {notice.backupKey ? ` Backup key: ${notice.backupKey}.` : ''}
          </MessageBarBody>
          <MessageBarActions
            containerAction={
              <Button
                appearance="transparent"
                aria-label={`Dismiss: ${notice.title}`}
                icon={<Dismiss20Regular />}
                onClick={() => dismiss(notice.id)}
              />
            }
          />
        </MessageBar>
      ))}
    </MessageBarGroup>
  );
}
