import { useEffect, useImperativeHandle, useRef, useState } from 'react';
import type { Ref } from 'react';
import { Spinner, makeStyles, tokens } from '@fluentui/react-components';
import type { SourceFinding } from '../../../core/model/types.ts';
import { loadMonaco } from './load-monaco.ts';
import type { MonacoRuntime } from './load-monaco.ts';
import { selectTheme, useDesignStore } from '../../store/index.ts';

export type CodeEditorLanguage = 'powershell' | 'json' | 'plaintext';

/** Imperative actions on the editor, e.g. to reveal the line of a finding picked from a list. */
export interface CodeEditorHandle {
  revealPosition(line: number, column: number): void;
  focus(): void;
}

export interface CodeEditorProps {
  value: string;
  language: CodeEditorLanguage;
  /** Accessible name of the editor (Monaco's text area, or the fallback text area while it loads). */
  ariaLabel: string;
  readOnly?: boolean;
  onChange?: (value: string) => void;
  /** Findings shown as squiggles and in the hover, at their line and column. */
  markers?: readonly SourceFinding[];
  /** CSS height of the editor box. */
  height?: string;
  ref?: Ref<CodeEditorHandle>;
}

type MonacoEditor = ReturnType<MonacoRuntime['monaco']['editor']['create']>;

const useStyles = makeStyles({
  box: {
    position: 'relative',
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    overflow: 'hidden',
    backgroundColor: tokens.colorNeutralBackground1,
  },
  host: { position: 'absolute', inset: 0 },
  fallback: {
    position: 'absolute',
    inset: 0,
    width: '100%',
    height: '100%',
    boxSizing: 'border-box',
    border: 'none',
    resize: 'none',
    padding: tokens.spacingHorizontalS,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground1,
    backgroundColor: tokens.colorNeutralBackground1,
    whiteSpace: 'pre',
  },
  loading: {
    position: 'absolute',
    right: tokens.spacingHorizontalS,
    top: tokens.spacingVerticalS,
  },
});

function severityOf(runtime: MonacoRuntime, severity: SourceFinding['severity']) {
  const { MarkerSeverity } = runtime.monaco;
  if (severity === 'error') return MarkerSeverity.Error;
  if (severity === 'warning') return MarkerSeverity.Warning;
  return MarkerSeverity.Info;
}

function toMarkers(runtime: MonacoRuntime, findings: readonly SourceFinding[], model: { getLineCount(): number; getLineMaxColumn(line: number): number }) {
  const lineCount = model.getLineCount();
  return findings.map((finding) => {
    const line = Math.min(Math.max(1, finding.line), lineCount);
    const endLine = Math.min(Math.max(line, finding.endLine ?? line), lineCount);
    const column = Math.max(1, finding.column);
    const endColumn = finding.endColumn ?? model.getLineMaxColumn(endLine);
    return {
      startLineNumber: line,
      startColumn: column,
      endLineNumber: endLine,
      endColumn: endLine === line && endColumn <= column ? column + 1 : endColumn,
      message: finding.message,
      severity: severityOf(runtime, finding.severity),
    };
  });
}

/**
 * A code editor: Monaco (loaded on first use) with PowerShell highlighting, markers and a theme that
 * follows the Fluent light/dark theme; a plain text area stands in while Monaco loads or if it fails.
 */
export function CodeEditor({ value, language, ariaLabel, readOnly = false, onChange, markers, height = '420px', ref }: CodeEditorProps) {
  const styles = useStyles();
  const theme = useDesignStore(selectTheme);
  const hostRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<MonacoEditor | null>(null);
  const runtimeRef = useRef<MonacoRuntime | null>(null);
  const valueRef = useRef(value);
  const onChangeRef = useRef(onChange);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  useEffect(() => {
    let disposed = false;
    let editor: MonacoEditor | null = null;
    loadMonaco().then(
      (runtime) => {
        if (disposed || !hostRef.current) return;
        runtimeRef.current = runtime;
        editor = runtime.monaco.editor.create(hostRef.current, {
          value: valueRef.current,
          language,
          readOnly,
          ariaLabel,
          automaticLayout: true,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          fontSize: 13,
          wordWrap: 'off',
          // Tab moves focus out of the editor (no keyboard trap); Ctrl+M toggles it to insert tabs.
          tabFocusMode: true,
          autoClosingBrackets: 'never',
          autoClosingQuotes: 'never',
          autoIndent: 'none',
          renderValidationDecorations: 'on',
          theme: useDesignStore.getState().theme === 'dark' ? runtime.DARK_THEME : runtime.LIGHT_THEME,
          fixedOverflowWidgets: true,
          // The experimental EditContext input loses keystrokes when the editor is reached with Tab
          // rather than a click; the classic hidden text area works for keyboard and screen-reader users.
          editContext: false,
        });
        editor.onDidChangeModelContent(() => {
          const text = editor?.getValue() ?? '';
          valueRef.current = text;
          onChangeRef.current?.(text);
        });
        editorRef.current = editor;
        setReady(true);
      },
      () => {
        if (!disposed) setFailed(true);
      },
    );
    return () => {
      disposed = true;
      editor?.getModel()?.dispose();
      editor?.dispose();
      editorRef.current = null;
    };
    // The editor is created once; later prop changes are applied by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || value === valueRef.current) return;
    valueRef.current = value;
    editor.setValue(value);
  }, [value, ready]);

  useEffect(() => {
    editorRef.current?.updateOptions({ readOnly, ariaLabel });
  }, [readOnly, ariaLabel, ready]);

  useEffect(() => {
    const editor = editorRef.current;
    const runtime = runtimeRef.current;
    const model = editor?.getModel();
    if (!runtime || !model) return;
    runtime.monaco.editor.setModelLanguage(model, language);
  }, [language, ready]);

  useEffect(() => {
    const runtime = runtimeRef.current;
    const model = editorRef.current?.getModel();
    if (!runtime || !model) return;
    runtime.monaco.editor.setModelMarkers(model, 'card', toMarkers(runtime, markers ?? [], model));
  }, [markers, ready, value]);

  useEffect(() => {
    const runtime = runtimeRef.current;
    if (!runtime) return;
    runtime.monaco.editor.setTheme(theme === 'dark' ? runtime.DARK_THEME : runtime.LIGHT_THEME);
  }, [theme, ready]);

  useImperativeHandle(
    ref,
    () => ({
      revealPosition(line, column) {
        const editor = editorRef.current;
        if (!editor) return;
        editor.revealLineInCenter(line);
        editor.setPosition({ lineNumber: line, column });
        editor.focus();
      },
      focus() {
        editorRef.current?.focus();
      },
    }),
    [],
  );

  return (
    <div className={styles.box} style={{ height }} data-testid="code-editor" data-editor-ready={ready ? 'true' : 'false'}>
      <div ref={hostRef} className={styles.host} hidden={!ready} />
      {!ready && (
        <>
          <textarea
            className={styles.fallback}
            aria-label={ariaLabel}
            value={value}
            readOnly={readOnly}
            spellCheck={false}
            onChange={(event) => {
              valueRef.current = event.target.value;
              onChange?.(event.target.value);
            }}
          />
          {!failed && <Spinner className={styles.loading} size="tiny" aria-label="Loading the code editor" />}
        </>
      )}
    </div>
  );
}
