import { useRef, useState } from 'react';
import { Button, MessageBar, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowDownloadRegular, FolderOpenRegular } from '@fluentui/react-icons';
import { useMutation } from '@tanstack/react-query';
import { parseProjectFile, serializeProjectFile } from '../../../core/model/project-file.ts';
import type { ProjectParseResult } from '../../../core/model/project-file.ts';
import { selectBaseline, selectRuleSet, useDesignStore } from '../../store/index.ts';
import { PROJECT_FILE_NAME } from './export-text.ts';
import { EXPORT_ACTIONS } from './actions.ts';
import { APP_STORE_CONTEXT } from '../../lib/actions.ts';
import { downloadText } from '../../lib/download.ts';
import { readFileText } from '../../lib/read-file.ts';

const useStyles = makeStyles({
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
  path: { fontFamily: tokens.fontFamilyMonospace },
});

interface OpenedFile {
  fileName: string;
  result: ProjectParseResult;
}

async function readProjectFile(file: File): Promise<OpenedFile> {
  const read = await readFileText(file);
  if (!read.ok) return { fileName: file.name, result: { ok: false, errors: [{ path: '(file)', message: read.message }] } };
  const result = parseProjectFile(read.text);
  // Say how the file was read when it was not UTF-8 (e.g. saved as UTF-16 by Windows PowerShell).
  return { fileName: file.name, result: result.ok && read.note ? { ...result, warnings: [read.note, ...result.warnings] } : result };
}

/** Download the project file, or open one (one undo step; errors listed with their path). */
export function ProjectFileSection({ onOpened }: { onOpened: (message: string) => void }) {
  const styles = useStyles();
  const ruleSet = useDesignStore(selectRuleSet);
  const baseline = useDesignStore(selectBaseline);
  const input = useRef<HTMLInputElement>(null);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const open = useMutation({
    mutationFn: readProjectFile,
    onSuccess: ({ fileName, result }) => {
      if (!result.ok) return;
      // Opening a project file replaces the whole project (rules, target, tests, baseline): one undo step.
      EXPORT_ACTIONS.openProject.run(APP_STORE_CONTEXT, { opened: result });
      onOpened(
        `Opened ${fileName}: ${result.ruleSet.rules.length} rules, ${result.ruleSet.tests.length} test cases${result.baseline ? `, a baseline of ${result.baseline.rules.length} deployed rules` : ''}. Undo restores your previous project.`,
      );
    },
  });
  const opened = open.data;

  return (
    <>
      <div className={styles.row}>
        <Button
          icon={<ArrowDownloadRegular />}
          onClick={() => {
            // Never silently nothing: a project that cannot be written says why.
            try {
              downloadText(PROJECT_FILE_NAME, serializeProjectFile(ruleSet, { baseline }), 'application/json');
              setDownloadError(null);
            } catch (error) {
              setDownloadError(error instanceof Error ? error.message : String(error));
            }
          }}
        >
          Download project file
        </Button>
        <Button icon={<FolderOpenRegular />} onClick={() => input.current?.click()} disabled={open.isPending}>
          {EXPORT_ACTIONS.openProject.label}
        </Button>
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          hidden
          aria-label="Project file to open"
          data-testid="project-file-input"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) open.mutate(file);
          }}
        />
        <Text size={200}>Project files keep rules, order, target, saved test cases and the deployed baseline; they are plain JSON for version control.</Text>
      </div>
      {downloadError && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>The project file could not be written</MessageBarTitle>
            {downloadError}
          </MessageBarBody>
        </MessageBar>
      )}
      {open.isError && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>The file could not be read</MessageBarTitle>
            {open.error instanceof Error ? open.error.message : String(open.error)}
          </MessageBarBody>
        </MessageBar>
      )}
      {opened && !opened.result.ok && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{opened.fileName} was not opened: your rules are unchanged</MessageBarTitle>
            <ul className={styles.list}>
              {opened.result.errors.map((error, index) => (
                <li key={index}>
                  <span className={styles.path}>{error.path}</span>: {error.message}
                </li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}
      {opened?.result.ok && opened.result.warnings.length > 0 && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Opened {opened.fileName} with warnings</MessageBarTitle>
            <ul className={styles.list}>
              {opened.result.warnings.map((warning, index) => (
                <li key={index}>{warning}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}
