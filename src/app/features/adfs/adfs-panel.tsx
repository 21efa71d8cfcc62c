import { useEffect, useMemo, useState } from 'react';
import {
  Badge,
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Select,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowResetRegular, CopyRegular } from '@fluentui/react-icons';
import { CLIENT_APPLICATIONS, PASSIVE_ENDPOINT_PATH } from '../../../core/adfs/claims.ts';
import { parseClaimRules } from '../../../core/adfs/claim-rules.ts';
import { evaluateClaimRules, requestClaims } from '../../../core/adfs/evaluate.ts';
import { ADFS_SCENARIOS, generateClaimRules, type AdfsScenario } from '../../../core/adfs/generate.ts';
import { splitNetworkText, trustedNetworksOf } from '../../../core/adfs/ip-regex.ts';
import { explainPitfalls } from '../../../core/adfs/pitfalls.ts';
import { copyText } from '../../lib/download.ts';
import { selectRuleSet, useDesignStore } from '../../store/index.ts';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL, maxWidth: '1200px', marginInline: 'auto', width: '100%', minWidth: 0 },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  subheading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'end' },
  grow: { flexGrow: 1, minWidth: '12rem' },
  hint: { color: tokens.colorNeutralForeground2 },
  code: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    margin: 0,
    padding: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    maxHeight: '24rem',
    overflowY: 'auto',
  },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  wrapText: { overflowWrap: 'anywhere' },
  applied: { fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
});

function CopyButton({ text, label }: { text: string; label: string }) {
  const [status, setStatus] = useState<string | null>(null);
  return (
    <>
      <Button icon={<CopyRegular />} onClick={() => void copyText(text).then((ok) => setStatus(ok ? 'Copied to the clipboard' : 'Copy failed: select the text and press Ctrl+C'))}>
        {label}
      </Button>
      {status && <Text role="status">{status}</Text>}
    </>
  );
}

/** What the view's fields hold; kept while the page is open, so switching views does not lose it. */
interface AdfsInputs {
  networksText: string;
  scenario: AdfsScenario;
  groupsText: string;
  editedRules: string | null;
  ips: string;
  app: string;
  userAgent: string;
  proxy: string;
  path: string;
  groups: string;
}

/** The inputs the first time the view opens; after that, the store's draft (`viewDrafts.adfs`). */
const ADFS_DEFAULTS: AdfsInputs = {
  networksText: '',
  scenario: 1,
  groupsText: '',
  editedRules: null,
  ips: '203.0.113.9',
  app: 'Microsoft.Exchange.ActiveSync',
  userAgent: '',
  proxy: 'fsp.contoso.com',
  path: '',
  groups: '',
};

/** The AD FS view: generate the client access policy claim rules and test a request against claim rules. */
export function AdfsPanel() {
  const styles = useStyles();
  const ruleSet = useDesignStore(selectRuleSet);
  const [remembered] = useState(() => (useDesignStore.getState().viewDrafts.adfs as AdfsInputs | undefined) ?? ADFS_DEFAULTS);
  const [networksText, setNetworksText] = useState(remembered.networksText);
  const [scenario, setScenario] = useState<AdfsScenario>(remembered.scenario);
  const [groupsText, setGroupsText] = useState(remembered.groupsText);
  const [fromRulesNote, setFromRulesNote] = useState<string | null>(null);

  const generated = useMemo(
    () => generateClaimRules({ scenario, networks: splitNetworkText(networksText), groupSids: splitNetworkText(groupsText) }),
    [scenario, networksText, groupsText],
  );
  const generatedRules = generated.ok ? generated.rules : '';

  const [editedRules, setEditedRules] = useState<string | null>(remembered.editedRules);
  const rulesText = editedRules ?? generatedRules;
  const parsed = useMemo(() => parseClaimRules(rulesText), [rulesText]);
  const pitfalls = useMemo(() => explainPitfalls(parsed.rules), [parsed]);

  const [ips, setIps] = useState(remembered.ips);
  const [app, setApp] = useState<string>(remembered.app);
  const [userAgent, setUserAgent] = useState(remembered.userAgent);
  const [proxy, setProxy] = useState(remembered.proxy);
  const [path, setPath] = useState(remembered.path);
  const [groups, setGroups] = useState(remembered.groups);
  useEffect(() => {
    const draft: AdfsInputs = { networksText, scenario, groupsText, editedRules, ips, app, userAgent, proxy, path, groups };
    useDesignStore.getState().setViewDraft('adfs', draft);
  }, [networksText, scenario, groupsText, editedRules, ips, app, userAgent, proxy, path, groups]);
  const evaluation = useMemo(
    () =>
      evaluateClaimRules(
        parsed.rules,
        requestClaims({
          forwardedClientIps: ips.split(','),
          clientApplication: app || undefined,
          userAgent: userAgent || undefined,
          proxy: proxy.trim() || undefined,
          endpointPath: path || undefined,
          groupSids: splitNetworkText(groups),
        }),
      ),
    [parsed, ips, app, userAgent, proxy, path, groups],
  );

  const takeRuleNetworks = () => {
    const trusted = trustedNetworksOf(ruleSet);
    setNetworksText(trusted.ipv4.join('\n'));
    setFromRulesNote(
      trusted.ipv4.length === 0
        ? 'The Client Access Rules let in no IPv4 network (no except-IP list on a Deny rule, no IP list on an Allow rule).'
        : `${trusted.ipv4.length} IPv4 network(s) taken from the Client Access Rules.${trusted.ipv6.length > 0 ? ` Left out IPv6 (the claim carries IPv4 only): ${trusted.ipv6.join(', ')}.` : ''}`,
    );
  };

  return (
    <div className={styles.panel}>
      <section className={styles.section} aria-labelledby="adfs-generate-heading">
        <h2 id="adfs-generate-heading" className={styles.heading}>
          AD FS client access policy
        </h2>
        <Text size={200} className={styles.hint}>
          Issuance authorization rules for the Microsoft Office 365 Identity Platform relying party trust (AD FS 2.0 Update Rollup 2 and
          later), from your corporate public networks.
        </Text>
        <Field label="Corporate public networks" hint="IPv4 addresses, a-b ranges or CIDR blocks; one or more per line, # for comments.">
          <Textarea value={networksText} onChange={(_, d) => setNetworksText(d.value)} rows={4} resize="vertical" textarea={{ spellCheck: false }} />
        </Field>
        <div className={styles.row}>
          <Button onClick={takeRuleNetworks}>Use the addresses the Client Access Rules let in</Button>
          {fromRulesNote && <Text role="status">{fromRulesNote}</Text>}
        </div>
        <Field label="Scenario">
          <RadioGroup value={String(scenario)} onChange={(_, d) => setScenario(Number(d.value) as AdfsScenario)}>
            {ADFS_SCENARIOS.map((s) => (
              <Radio key={s.id} value={String(s.id)} label={`${s.id}. ${s.title}`} />
            ))}
          </RadioGroup>
        </Field>
        {scenario === 4 && (
          <Field label="Group SIDs allowed from outside" hint="One per line, e.g. S-1-5-21-1004336348-1177238915-682003330-1104.">
            <Textarea value={groupsText} onChange={(_, d) => setGroupsText(d.value)} rows={2} resize="vertical" textarea={{ spellCheck: false }} />
          </Field>
        )}
        {!generated.ok ? (
          <MessageBar intent={networksText.trim() === '' ? 'info' : 'error'}>
            <MessageBarBody>
              <ul aria-label="Problems with the policy input" className={styles.list}>
                {generated.errors.map((e, i) => (
                  <li key={i}>{e}</li>
                ))}
              </ul>
            </MessageBarBody>
          </MessageBar>
        ) : (
          <>
            <h3 className={styles.subheading}>Regular expression for x-ms-forwarded-client-ip</h3>
            <pre className={styles.code} aria-label="Generated regular expression" tabIndex={0}>
              {generated.regex}
            </pre>
            <div className={styles.row}>
              <CopyButton text={generated.regex} label="Copy regex" />
            </div>
            <h3 className={styles.subheading}>Claim rules</h3>
            <pre className={styles.code} aria-label="Generated claim rules" tabIndex={0}>
              {generated.rules}
            </pre>
            <div className={styles.row}>
              <CopyButton text={generated.rules} label="Copy claim rules" />
            </div>
            <h3 className={styles.subheading}>Before you deploy</h3>
            <ul className={styles.list} aria-label="Pitfalls and notes">
              {generated.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section className={styles.section} aria-labelledby="adfs-test-heading">
        <h2 id="adfs-test-heading" className={styles.heading}>
          Test a request
        </h2>
        <Field
          label="Claim rules to test"
          hint={editedRules === null ? 'The generated rules; edit them or paste your own (View Rule Language in AD FS Management).' : 'Your own rules.'}
        >
          <Textarea value={rulesText} onChange={(_, d) => setEditedRules(d.value)} rows={8} resize="vertical" textarea={{ spellCheck: false, className: styles.mono }} />
        </Field>
        {editedRules !== null && (
          <div className={styles.row}>
            <Button icon={<ArrowResetRegular />} onClick={() => setEditedRules(null)}>
              Use the generated rules
            </Button>
          </div>
        )}
        {(parsed.findings.length > 0 || pitfalls.length > 0) && (
          <MessageBar intent={parsed.findings.length > 0 || pitfalls.some((f) => f.severity === 'error') ? 'error' : 'warning'}>
            <MessageBarBody>
              <ul aria-label="Problems in the claim rules" className={styles.list}>
                {[...parsed.findings, ...pitfalls].map((f, i) => (
                  <li key={i} className={styles.wrapText}>
                    Line {f.line}, column {f.column}: {f.message}
                  </li>
                ))}
              </ul>
            </MessageBarBody>
          </MessageBar>
        )}
        <div className={styles.row}>
          <Field label="Forwarded client IPs" hint="Comma-separated, as Exchange Online sends them." className={styles.grow}>
            <Input value={ips} onChange={(_, d) => setIps(d.value)} />
          </Field>
          <Field label="Client application" className={styles.grow}>
            <Select value={app} onChange={(_, d) => setApp(d.value)}>
              <option value="">(none)</option>
              {CLIENT_APPLICATIONS.map((a) => (
                <option key={a}>{a}</option>
              ))}
            </Select>
          </Field>
          <Field label="Proxy (x-ms-proxy)" hint="Empty: the request comes from inside." className={styles.grow}>
            <Input value={proxy} onChange={(_, d) => setProxy(d.value)} />
          </Field>
          <Field label="Endpoint path" hint={`${PASSIVE_ENDPOINT_PATH} for a browser.`} className={styles.grow}>
            <Input value={path} onChange={(_, d) => setPath(d.value)} />
          </Field>
          <Field label="User agent" className={styles.grow}>
            <Input value={userAgent} onChange={(_, d) => setUserAgent(d.value)} />
          </Field>
          <Field label="User's group SIDs" hint="One per line or comma-separated." className={styles.grow}>
            <Input value={groups} onChange={(_, d) => setGroups(d.value)} />
          </Field>
        </div>
        <div role="status" aria-label="AD FS decision" className={styles.section}>
          <div className={styles.row}>
            <Badge size="large" color={evaluation.decision === 'permit' ? 'success' : 'danger'}>
              {evaluation.decision === 'permit' ? 'Permit' : 'Deny'}
            </Badge>
            <Text className={styles.wrapText}>{evaluation.reason}</Text>
          </div>
          <ol className={styles.list} aria-label="Rule trace">
            {evaluation.trace.map((t) => (
              <li key={t.index} className={styles.wrapText}>
                <span className={t.applied ? styles.applied : undefined}>
                  {t.name} (line {t.line}): {t.applied ? 'applies' : 'does not apply'}
                  {t.effect !== 'none' ? `, issues ${t.effect}` : ''}
                </span>
                <ul className={styles.list}>
                  {t.conditions.map((c, i) => (
                    <li key={i} className={c.held ? undefined : styles.muted}>
                      {c.held ? 'holds' : 'fails'}: {c.detail}
                    </li>
                  ))}
                  {t.note && <li>{t.note}</li>}
                </ul>
              </li>
            ))}
          </ol>
        </div>
      </section>
    </div>
  );
}
