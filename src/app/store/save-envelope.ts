import { z } from 'zod';
import { projectFromUnknown, serializeProjectFile } from '../../core/model/project-file.ts';
import {
  AUTHENTICATION_TYPES,
  CONNECTION_TYPES,
  PROTOCOLS,
  type Connection,
  type RuleSet,
} from '../../core/model/types.ts';
import { DEFAULT_CONNECTION } from './simulator-slice.ts';
import type { DesignStoreState } from './types.ts';

/**
 * The saved form of the work (what autosave writes and restore reads): a versioned envelope
 * `{ schema: 1, savedAt, project, baseline, connection }` where `project` and `baseline` are project
 * files (as `serializeProjectFile` writes them, parsed to JSON), so that restore validates them with
 * the same code as a file the admin opens. The envelope itself is checked by a zod schema; its parts
 * are read one by one so that a bad baseline or connection does not cost the rules.
 *
 * Decisions: a value without `schema` that is a project file is the format saved before the envelope
 * existed, and is upgraded; a newer `schema` is never guessed at (kept aside, explained).
 */

export const SAVE_SCHEMA = 1;

/** The envelope as stored, version 1. `project` and `baseline` are validated by `projectFromUnknown`. */
export const savedEnvelopeSchema = z.object({
  schema: z.literal(SAVE_SCHEMA),
  savedAt: z.string().max(40),
  project: z.unknown(),
  baseline: z.unknown().optional(),
  connection: z.unknown().optional(),
});

export interface SavedEnvelope {
  schema: typeof SAVE_SCHEMA;
  savedAt: string;
  project: unknown;
  baseline: unknown;
  connection: Connection;
}

export interface PersistNotice {
  intent: 'info' | 'warning' | 'error';
  title: string;
  message: string;
  /** Key under which the original saved data was kept, when it was set aside. */
  backupKey?: string;
}

export interface RestoredProject {
  ruleSet: RuleSet;
  baseline: RuleSet | null;
  connection: Connection;
}

export interface RestoreResult {
  /** What to load, or null to start with an empty project. */
  project: RestoredProject | null;
  notices: PersistNotice[];
  /** True when the raw saved value must be copied aside before autosave overwrites it. */
  needsBackup: boolean;
}


/** Builds the envelope for the current state. */
export function toEnvelope(
  state: Pick<DesignStoreState, 'ruleSet' | 'baseline' | 'connection'>,
  now: Date = new Date(),
): SavedEnvelope {
  return {
    schema: SAVE_SCHEMA,
    savedAt: now.toISOString(),
    project: JSON.parse(serializeProjectFile(state.ruleSet)) as unknown,
    baseline: state.baseline ? (JSON.parse(serializeProjectFile(state.baseline)) as unknown) : null,
    connection: state.connection,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeErrors(errors: { path: string; message: string }[]): string {
  const shown = errors.slice(0, 3).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
  const more = errors.length > 3 ? ` (and ${errors.length - 3} more)` : '';
  return shown.join('; ') + more;
}

/**
 * Reads a saved connection field by field: valid fields are kept, the rest take the defaults.
 * Returns the names of the fields that were replaced.
 */
export function connectionFromUnknown(value: unknown): { connection: Connection; replaced: string[] } {
  const source = isRecord(value) ? value : {};
  const replaced: string[] = [];
  const pick = <K extends keyof Connection>(key: K, ok: (v: unknown) => boolean): Connection[K] => {
    if (ok(source[key])) return source[key] as Connection[K];
    replaced.push(key);
    return DEFAULT_CONNECTION[key];
  };
  const oneOf = (list: readonly string[]) => (v: unknown) => typeof v === 'string' && list.includes(v);
  const attributes = pick(
    'attributes',
    (v) => isRecord(v) && Object.values(v).every((x) => typeof x === 'string'),
  );
  return {
    connection: {
      protocol: pick('protocol', oneOf(PROTOCOLS)),
      authenticationType: pick('authenticationType', oneOf(AUTHENTICATION_TYPES)),
      ipAddress: pick('ipAddress', (v) => typeof v === 'string'),
      port: pick('port', (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535),
      user: pick('user', (v) => typeof v === 'string'),
      attributes: { ...attributes },
      connectionType: pick('connectionType', oneOf(CONNECTION_TYPES)),
    },
    replaced,
  };
}

/**
 * Turns whatever was stored into a project to load plus notices for the admin. Pure: no storage access.
 * - nothing saved: empty project, no notice;
 * - a bare project file (data saved before the envelope existed): migrated;
 * - schema 1: project validated; a bad baseline or connection is dropped with a notice, the project kept;
 * - a newer schema, or a project that does not validate: start empty, keep the data aside, explain.
 */
export function restoreFromUnknown(raw: unknown): RestoreResult {
  if (raw === undefined || raw === null) return { project: null, notices: [], needsBackup: false };
  const keptAside = 'The saved data was kept aside in the browser storage, so nothing is lost.';

  if (isRecord(raw) && !('schema' in raw)) {
    const legacy = projectFromUnknown(raw);
    if (legacy.ok) {
      return {
        project: { ruleSet: legacy.ruleSet, baseline: null, connection: DEFAULT_CONNECTION },
        notices: [
          {
            intent: 'info',
            title: 'Project upgraded',
            message: `Your saved project was stored in an older format and has been upgraded. ${keptAside}`,
          },
          ...warningNotices(legacy.warnings),
        ],
        needsBackup: true,
      };
    }
  }

  if (!isRecord(raw) || typeof raw.schema !== 'number') {
    return restoreFailed(`It is not in a format this app knows. ${keptAside}`);
  }
  if (raw.schema > SAVE_SCHEMA) {
    return restoreFailed(
      `It was saved by a newer version of Client Access Rule Designer (format ${raw.schema}). ${keptAside}`,
    );
  }
  if (raw.schema !== SAVE_SCHEMA) return restoreFailed(`Its format version ${String(raw.schema)} is unknown. ${keptAside}`);
  const envelope = savedEnvelopeSchema.safeParse(raw);
  if (!envelope.success) {
    const issue = envelope.error.issues[0];
    return restoreFailed(`Its envelope is damaged (${issue ? `${issue.path.join('.') || 'envelope'}: ${issue.message}` : 'unreadable'}). ${keptAside}`);
  }

  const project = projectFromUnknown(raw.project);
  if (!project.ok) {
    return restoreFailed(`The rules could not be read: ${describeErrors(project.errors)}. ${keptAside}`);
  }
  const notices: PersistNotice[] = warningNotices(project.warnings);
  let needsBackup = project.warnings.length > 0;

  let baseline: RuleSet | null = null;
  if (raw.baseline !== null && raw.baseline !== undefined) {
    const parsed = projectFromUnknown(raw.baseline);
    if (parsed.ok) baseline = parsed.ruleSet;
    else {
      needsBackup = true;
      notices.push({
        intent: 'warning',
        title: 'Baseline not restored',
        message: `The deployed baseline could not be read (${describeErrors(parsed.errors)}); your rules were restored. Import the deployed rules again to compare. ${keptAside}`,
      });
    }
  }

  const { connection, replaced } = connectionFromUnknown(raw.connection);
  if (replaced.length > 0 && raw.connection !== undefined && raw.connection !== null) {
    notices.push({
      intent: 'info',
      title: 'Simulator connection reset',
      message: `Some simulator fields could not be read and were reset: ${replaced.join(', ')}.`,
    });
  }

  return { project: { ruleSet: project.ruleSet, baseline, connection }, notices, needsBackup };
}

function warningNotices(warnings: string[]): PersistNotice[] {
  if (warnings.length === 0) return [];
  return [{ intent: 'warning', title: 'Project restored with remarks', message: warnings.slice(0, 5).join(' ') }];
}

/** A restore that starts empty, with the reason in an error notice and the data to be kept aside. */
export function restoreFailed(reason: string): RestoreResult {
  return {
    project: null,
    notices: [{ intent: 'error', title: 'Your saved project could not be restored', message: reason }],
    needsBackup: true,
  };
}


/**
 * True when `candidate` is an envelope saved after `current` (or `current` has none): the snapshot
 * written synchronously when the page was closed before the debounced save reached IndexedDB.
 */
export function isNewerEnvelope(candidate: unknown, current: unknown): boolean {
  if (!isRecord(candidate) || candidate.schema !== SAVE_SCHEMA || typeof candidate.savedAt !== 'string') return false;
  if (!isRecord(current) || typeof current.savedAt !== 'string') return true;
  return candidate.savedAt > current.savedAt;
}

