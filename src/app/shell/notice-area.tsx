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
import { ArrowDownload20Regular, Dismiss20Regular } from '@fluentui/react-icons';
import { readBackupText } from '../store/persist.ts';
import { downloadText } from '../lib/download.ts';
import { useNotices } from './notices.ts';

/** Downloads the data kept aside under `backupKey`, so the admin can repair it by hand. */
async function downloadBackup(backupKey: string): Promise<void> {
  const text = await readBackupText(backupKey);
  if (text !== null) downloadText(`${backupKey.replace(/[^A-Za-z0-9._-]+/g, '-')}.json`, text, 'application/json');
}

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
          >
            {notice.backupKey && (
              <Button icon={<ArrowDownload20Regular />} onClick={() => void downloadBackup(notice.backupKey!)}>
                Download the kept data
              </Button>
            )}
          </MessageBarActions>
        </MessageBar>
      ))}
    </MessageBarGroup>
  );
}
