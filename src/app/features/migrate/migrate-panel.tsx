import {
  Badge,
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular, DismissRegular } from '@fluentui/react-icons';
import type { MigrationResult, MigrationVerdict, RuleMigration } from '../../../core/migrate/migrate.ts';
import { migrationReport } from '../../../core/migrate/migrate.ts';
import { downloadBytes, downloadText } from '../../lib/download.ts';
import { CodeEditor } from '../../lib/monaco/index.ts';
import { QueryProvider } from '../../lib/query-client.tsx';
import { selectRuleSet, useDesignStore } from '../../store/index.ts';
import { migrationZip } from './migrate-zip.ts';
import { useMigration } from './use-migration.ts';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1200px', marginInline: 'auto', width: '100%', minWidth: 0 },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  subheading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  hint: { color: tokens.colorNeutralForeground2 },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  card: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    minWidth: 0,
    overflowWrap: 'anywhere',
  },
  cardHead: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center', minWidth: 0 },
  ruleName: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  bullets: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
  example: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
});

const VERDICT_BADGE: Readonly<Record<MigrationVerdict, { label: string; color: 'success' | 'warning' | 'danger' }>> = {
  exact: { label: 'Exact', color: 'success' },
  approximate: { label: 'Approximate', color: 'warning' },
  'not-translatable': { label: 'Not translatable', color: 'danger' },
};

function RuleCard({ rule }: { rule: RuleMigration }) {
  const styles = useStyles();
  const verdict = VERDICT_BADGE[rule.verdict];
  return (
    <li className={styles.card} aria-label={`${rule.name}: ${verdict.label}`}>
      <div className={styles.cardHead}>
        <h4 className={styles.ruleName}>
          {rule.priority}. {rule.name}
        </h4>
        <Badge appearance="outline" color="informative">
          Kind: {rule.kind}
        </Badge>
        <Badge appearance="tint" color={verdict.color}>
          {verdict.label}
        </Badge>
      </div>
      {rule.becomes.length > 0 && (
        <ul className={styles.bullets} aria-label="Becomes">
          {rule.becomes.map((b) => (
            <li key={b}>
              <Text>Becomes {b}</Text>
            </li>
          ))}
        </ul>
      )}
      {rule.reasons.length > 0 && (
        <ul className={styles.bullets} aria-label={rule.verdict === 'not-translatable' ? 'Why not' : 'What changes'}>
          {rule.reasons.map((r) => (
            <li key={r}>
              <Text>{r}</Text>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function Results({ result }: { result: MigrationResult }) {
  const styles = useStyles();
  const compared = `Compared every end-user connection, in ${result.compared} group${result.compared === 1 ? '' : 's'} that every rule and every translated policy or switch treats alike`;
  return (
    <>
      <section className={styles.section} aria-labelledby="migrate-rules-heading">
        <h3 id="migrate-rules-heading" className={styles.subheading}>
          Rules
        </h3>
        {result.rules.length === 0 ? (
          <Text>There are no rules to migrate.</Text>
        ) : (
          <ul className={styles.list}>
            {result.rules.map((r) => (
              <RuleCard key={`${r.priority}`} rule={r} />
            ))}
          </ul>
        )}
      </section>
      <section className={styles.section} aria-labelledby="migrate-diff-heading">
        <h3 id="migrate-diff-heading" className={styles.subheading}>
          Connections decided differently
        </h3>
        {result.differences.length === 0 ? (
          <Text>
            {compared}: the translation decides every one as the rules do.
          </Text>
        ) : (
          <>
            <Text>
              {compared}. These are decided differently:
            </Text>
            <ul className={styles.list}>
              {result.differences.map((d) => (
                <li key={d.summary} className={styles.card}>
                  <Text weight="semibold">{d.summary}</Text>
                  <Text size={200}>
                    {d.count} group{d.count === 1 ? '' : 's'} of connections, for example:
                  </Text>
                  <ul className={styles.bullets}>
                    {d.examples.map((e) => (
                      <li key={e} className={styles.example}>
                        {e}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      {result.onPremises.length > 0 && (
        <section className={styles.section} aria-labelledby="migrate-onprem-heading">
          <h3 id="migrate-onprem-heading" className={styles.subheading}>
            Exchange Server: on-premises controls with the same intent
          </h3>
          <ul className={styles.bullets}>
            {result.onPremises.map((n) => (
              <li key={n}>
                <Text>{n}</Text>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className={styles.section} aria-labelledby="migrate-output-heading">
        <h3 id="migrate-output-heading" className={styles.subheading}>
          What to deploy
        </h3>
        <ul className={styles.bullets}>
          {result.notes.map((n) => (
            <li key={n}>
              <Text size={200}>{n}</Text>
            </li>
          ))}
        </ul>
        <div className={styles.row}>
          <Button appearance="primary" icon={<ArrowDownloadRegular />} onClick={() => downloadBytes('migration.zip', migrationZip(result), 'application/zip')}>
            Download all (.zip)
          </Button>
          <Button icon={<ArrowDownloadRegular />} onClick={() => downloadText('migration-report.txt', migrationReport(result), 'text/plain;charset=utf-8')}>
            Download report
          </Button>
        </div>
        <Text size={200} className={styles.hint}>
          {result.namedLocations.length} named location(s), {result.groups.length} dynamic group(s), {result.policies.length} Conditional
          Access polic{result.policies.length === 1 ? 'y' : 'ies'} (Graph JSON), and the Exchange-side script. The zip adds README.md,
          which lists the {result.parameters.length} id parameter{result.parameters.length === 1 ? '' : 's'} the policies use, and
          deploy-graph.ps1, which creates everything in order and fills them in:
        </Text>
        <CodeEditor value={result.exchangeScript} language="powershell" readOnly ariaLabel="Exchange-side PowerShell script" height="30vh" />
        <CodeEditor
          value={`${JSON.stringify({ namedLocations: result.namedLocations, groups: result.groups, policies: result.policies }, null, 2)}\n`}
          language="json"
          readOnly
          ariaLabel="Microsoft Graph JSON"
          height="40vh"
        />
      </section>
    </>
  );
}

function MigrateContent() {
  const styles = useStyles();
  const ruleSet = useDesignStore(selectRuleSet);
  const migration = useMigration(ruleSet);
  return (
    <div className={styles.panel}>
      <section className={styles.section} aria-labelledby="migrate-heading">
        <h2 id="migrate-heading" className={styles.heading}>
          Migrate off Client Access Rules
        </h2>
        <Text className={styles.hint}>
          Exchange Online retired Client Access Rules in September 2025. Each rule is translated, following Microsoft's guidance, to an Entra
          Conditional Access policy (users through dynamic groups, IPs through named locations) or to Exchange protocol switches
          (Set-CASMailbox, Set-CASMailboxPlan, Set-User). Conditional Access has no order: every policy that applies must be satisfied, so an
          allow rule above a deny rule becomes an exclusion.
        </Text>
      </section>
      {migration.running && (
        <div className={styles.section} role="status">
          <ProgressBar
            thickness="large"
            aria-label="Migration analysis progress"
            value={migration.progress ? migration.progress.done / migration.progress.total : undefined}
          />
          <div className={styles.row}>
            <Text>
              Comparing the rules with the translation
              {migration.progress ? ` (${migration.progress.done} of ${migration.progress.total} connections)` : ''} in the background; the page
              stays usable.
            </Text>
            <Button icon={<DismissRegular />} onClick={migration.cancel}>
              Cancel
            </Button>
          </div>
        </div>
      )}
      {migration.cancelled && (
        <MessageBar intent="info">
          <MessageBarBody>The migration analysis was cancelled.</MessageBarBody>
          <MessageBarActions>
            <Button onClick={migration.retry}>Run again</Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {migration.error && !migration.cancelled && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>The migration could not be computed (a program error, please report it)</MessageBarTitle>
            {migration.error instanceof Error ? migration.error.message : String(migration.error)}
          </MessageBarBody>
        </MessageBar>
      )}
      {migration.result && !migration.cancelled && <Results result={migration.result} />}
    </div>
  );
}

/** The Migrate page: per-rule verdicts, the connections decided differently, Graph JSON and the Exchange script. */
export function MigratePanel() {
  return (
    <QueryProvider>
      <MigrateContent />
    </QueryProvider>
  );
}
