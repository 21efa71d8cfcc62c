import { describe, it, expect } from 'vitest';
import { addRule, createRule, createRuleSet } from '../../core/model/rule-set.ts';
import { serializeProjectFile } from '../../core/model/project-file.ts';
import {
  BACKUP_KEY_PREFIX,
  PROJECT_KEY,
  isNewerEnvelope,
  loadSavedProject,
  restoreFromUnknown,
  startAutosave,
  takePendingSnapshot,
  toEnvelope,
  writePendingSnapshot,
  type KeyValueStorage,
} from './persist.ts';
import { DEFAULT_CONNECTION } from './simulator-slice.ts';
import { createDesignStore } from './store.ts';

function memoryStorage(initial: Record<string, unknown> = {}) {
  const data = new Map<string, unknown>(Object.entries(initial));
  const storage: KeyValueStorage = {
    get: async (key) => data.get(key),
    set: async (key, value) => {
      data.set(key, structuredClone(value));
    },
  };
  return { data, storage };
}

const sampleSet = () =>
  addRule(
    addRule(createRuleSet('ExchangeServer'), createRule({ name: "Block '<b>' EAC", action: 'DenyAccess', anyOfProtocols: ['ExchangeAdminCenter'] })),
    createRule({ name: 'Allow office', anyOfClientIPAddressesOrRanges: ['10.0.0.0/8'] }),
  );

const stripIds = (set: { rules: { id: string }[] }) => set.rules.map(({ id: _id, ...rest }) => rest);

describe('restoreFromUnknown', () => {
  it('round-trips rules, baseline and connection through the envelope', () => {
    const ruleSet = sampleSet();
    const baseline = addRule(createRuleSet('ExchangeServer'), createRule({ name: 'Deployed' }));
    const connection = { ...DEFAULT_CONNECTION, ipAddress: '10.1.2.3', attributes: { Department: 'IT' } };
    const envelope = JSON.parse(JSON.stringify(toEnvelope({ ruleSet, baseline, connection })));
    const result = restoreFromUnknown(envelope);
    expect(result.notices).toEqual([]);
    expect(result.needsBackup).toBe(false);
    expect(result.project?.ruleSet.profile).toBe('ExchangeServer');
    expect(stripIds(result.project!.ruleSet)).toEqual(stripIds(ruleSet));
    expect(result.project?.baseline?.rules[0]?.name).toBe('Deployed');
    expect(result.project?.connection).toEqual(connection);
  });

  it('starts empty without a notice when nothing was saved', () => {
    expect(restoreFromUnknown(undefined)).toEqual({ project: null, notices: [], needsBackup: false });
  });

  it('migrates a bare project file saved before the envelope', () => {
    const legacy = JSON.parse(serializeProjectFile(sampleSet()));
    const result = restoreFromUnknown(legacy);
    expect(result.project?.ruleSet.rules.map((r) => r.name)).toEqual(["Block '<b>' EAC", 'Allow office']);
    expect(result.notices[0]?.title).toMatch(/upgraded/i);
    expect(result.needsBackup).toBe(true);
  });

  it('refuses data from a newer version and explains it', () => {
    const result = restoreFromUnknown({ schema: 99, project: {} });
    expect(result.project).toBeNull();
    expect(result.needsBackup).toBe(true);
    expect(result.notices[0]).toMatchObject({ intent: 'error' });
    expect(result.notices[0]?.message).toMatch(/newer version/);
  });

  it('explains unreadable rules and keeps the data aside', () => {
    for (const raw of ['garbage', 42, [1, 2], { schema: 1, project: { rules: 'nope' } }]) {
      const result = restoreFromUnknown(raw);
      expect(result.project).toBeNull();
      expect(result.needsBackup).toBe(true);
      expect(result.notices[0]?.intent).toBe('error');
    }
  });

  it('keeps the rules when only the baseline or connection is bad', () => {
    const envelope = JSON.parse(JSON.stringify(toEnvelope({ ruleSet: sampleSet(), baseline: null, connection: DEFAULT_CONNECTION })));
    envelope.baseline = { rules: 17 };
    envelope.connection = { ...DEFAULT_CONNECTION, protocol: 'Telnet', port: 70000 };
    const result = restoreFromUnknown(envelope);
    expect(result.project?.ruleSet.rules).toHaveLength(2);
    expect(result.project?.baseline).toBeNull();
    expect(result.project?.connection.protocol).toBe(DEFAULT_CONNECTION.protocol);
    expect(result.project?.connection.port).toBe(443);
    expect(result.notices.map((n) => n.title)).toEqual(['Baseline not restored', 'Simulator connection reset']);
    expect(result.needsBackup).toBe(true);
  });
});

describe('loadSavedProject', () => {
  it('copies unrestorable data under a backup key, names it in the notice, and does not pile up copies', async () => {
    const { data, storage } = memoryStorage({ [PROJECT_KEY]: { schema: 2, project: 'future' } });
    const result = await loadSavedProject(storage, new Date('2026-01-02T03:04:05Z'));
    await loadSavedProject(storage, new Date('2026-01-02T03:09:00Z'));
    const backups = [...data.keys()].filter((key) => key.startsWith(BACKUP_KEY_PREFIX));
    expect(backups).toHaveLength(1);
    expect(data.get(backups[0]!)).toEqual({ schema: 2, project: 'future' });
    expect(result.notices[0]?.backupKey).toBe(backups[0]);
  });

  it('names the backup after the saved time when there is one', async () => {
    const raw = { schema: 1, savedAt: '2026-01-01T00:00:00.000Z', project: { rules: 3 } };
    const { data, storage } = memoryStorage({ [PROJECT_KEY]: raw });
    await loadSavedProject(storage);
    expect(data.get(`${BACKUP_KEY_PREFIX}saved-2026-01-01T00:00:00.000Z`)).toEqual(raw);
  });

  it('reports unavailable storage instead of throwing', async () => {
    const storage: KeyValueStorage = {
      get: () => Promise.reject(new Error('blocked')),
      set: () => Promise.resolve(),
    };
    const result = await loadSavedProject(storage);
    expect(result.project).toBeNull();
    expect(result.notices[0]?.message).toMatch(/blocked/);
  });
});

describe('startAutosave', () => {
  it('writes the envelope on flush after a change, and restores it into a new store', async () => {
    const { data, storage } = memoryStorage();
    const store = createDesignStore();
    const autosave = startAutosave(store, { storage, delayMs: 60_000 });
    await autosave.flush();
    expect(data.has(PROJECT_KEY)).toBe(false);
    store.getState().applyChange((s) => addRule(s, createRule({ name: 'Kept' })));
    store.getState().setConnection({ user: 'admin@contoso.com' });
    await autosave.flush();
    autosave.stop();
    const result = await loadSavedProject(storage);
    const fresh = createDesignStore();
    fresh.getState().hydrate(result.project!);
    expect(fresh.getState().ruleSet.rules.map((r) => r.name)).toEqual(['Kept']);
    expect(fresh.getState().connection.user).toBe('admin@contoso.com');
  });

  it('reports a failed write and retries on the next flush', async () => {
    let fail = true;
    const { data, storage } = memoryStorage();
    const flaky: KeyValueStorage = {
      get: storage.get,
      set: (key, value) => (fail ? Promise.reject(new Error('quota')) : storage.set(key, value)),
    };
    const errors: unknown[] = [];
    const store = createDesignStore();
    const autosave = startAutosave(store, { storage: flaky, delayMs: 60_000, onError: (e) => errors.push(e) });
    store.getState().applyChange((s) => addRule(s, createRule({ name: 'A' })));
    await autosave.flush();
    expect(errors).toHaveLength(1);
    fail = false;
    await autosave.flush();
    expect(data.has(PROJECT_KEY)).toBe(true);
    autosave.stop();
  });
});

describe('autosave never fails silently (issue 13)', () => {
  /** A rule whose unknown field is nested too deep to be written: serializing it throws. */
  const tooDeep = () => {
    let deep: unknown = 1;
    for (let i = 0; i < 6000; i += 1) deep = [deep];
    return { ...createRule({ name: 'Deep' }), extra: { history: deep } };
  };

  it('reports a project that cannot be prepared for saving, keeps it unsaved, and saves again once it can', async () => {
    const { data, storage } = memoryStorage();
    const store = createDesignStore();
    const failures: string[] = [];
    let saved = 0;
    const autosave = startAutosave(store, {
      storage,
      delayMs: 5,
      onError: (e, stage) => failures.push(`${stage}: ${e instanceof Error ? e.message : String(e)}`),
      onSaved: () => (saved += 1),
    });
    store.getState().applyChange((s) => addRule(s, tooDeep()));
    // The debounced write runs in a timer: it must not throw there (vitest fails on uncaught errors).
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(failures).toEqual(['prepare: an unknown field is nested more than 32 levels deep, so the project cannot be written']);
    expect(autosave.hasUnsavedChanges()).toBe(true);
    expect(data.has(PROJECT_KEY)).toBe(false);
    store.getState().undo();
    await autosave.flush();
    expect(autosave.hasUnsavedChanges()).toBe(false);
    expect(saved).toBe(1);
    expect(data.has(PROJECT_KEY)).toBe(true);
    autosave.stop();
  });

  it('a failed write keeps the change unsaved, so the page-close snapshot still copies it', async () => {
    const broken: KeyValueStorage = { get: async () => undefined, set: () => Promise.reject(new DOMException('QuotaExceededError')) };
    const stages: string[] = [];
    const store = createDesignStore();
    const autosave = startAutosave(store, { storage: broken, delayMs: 60_000, onError: (_e, stage) => stages.push(stage) });
    store.getState().applyChange((s) => addRule(s, createRule({ name: 'Unsaved' })));
    await autosave.flush();
    expect(stages).toEqual(['store']);
    expect(autosave.hasUnsavedChanges()).toBe(true);
    autosave.stop();
  });

  it('a reporter that throws does not stop saving', async () => {
    const { data, storage } = memoryStorage();
    let fail = true;
    const flaky: KeyValueStorage = { get: storage.get, set: (k, v) => (fail ? Promise.reject(new Error('x')) : storage.set(k, v)) };
    const store = createDesignStore();
    const autosave = startAutosave(store, { storage: flaky, delayMs: 60_000, onError: () => { throw new Error('reporter'); } });
    store.getState().applyChange((s) => addRule(s, createRule({ name: 'A' })));
    await autosave.flush();
    fail = false;
    await autosave.flush();
    expect(data.has(PROJECT_KEY)).toBe(true);
    autosave.stop();
  });
});

describe('saved envelope schema', () => {
  it('explains a damaged envelope and keeps the data aside', () => {
    const result = restoreFromUnknown({ schema: 1, savedAt: 42, project: {} });
    expect(result.project).toBeNull();
    expect(result.needsBackup).toBe(true);
    expect(result.notices[0]?.message).toMatch(/^Its envelope is damaged \(savedAt: /);
  });

  it('restores a project whose unknown field is too deep, dropping the field with a remark', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 6000; i += 1) deep = [deep];
    const project = { format: 'client-access-rule-designer', version: 1, rules: [{ name: 'Kept', action: 'AllowAccess', history: deep }] };
    const result = restoreFromUnknown({ schema: 1, savedAt: '2026-01-01T00:00:00.000Z', project, baseline: null, connection: DEFAULT_CONNECTION });
    expect(result.project?.ruleSet.rules.map((r) => r.name)).toEqual(['Kept']);
    expect(result.notices[0]?.message).toContain('rules[0].history: this unknown field was dropped');
  });
});

describe('pending snapshot', () => {
  function memorySync() {
    const data = new Map<string, string>();
    return {
      data,
      storage: {
        getItem: (key: string) => data.get(key) ?? null,
        setItem: (key: string, value: string) => void data.set(key, value),
        removeItem: (key: string) => void data.delete(key),
      },
    };
  }

  it('wins over an older IndexedDB save and is consumed once', async () => {
    const { storage } = memorySync();
    const { storage: idb } = memoryStorage();
    const older = createDesignStore();
    older.getState().applyChange((s) => addRule(s, createRule({ name: 'Saved' })));
    await idb.set(PROJECT_KEY, toEnvelope(older.getState(), new Date('2026-01-01T00:00:00Z')));
    older.getState().applyChange((s) => addRule(s, createRule({ name: 'Not yet saved' })));
    expect(writePendingSnapshot(older.getState(), storage, new Date('2026-01-01T00:00:05Z'))).toBe(true);

    const pending = takePendingSnapshot(storage);
    expect(takePendingSnapshot(storage)).toBeUndefined();
    const result = await loadSavedProject(idb, new Date(), pending);
    expect(result.fromPending).toBe(true);
    expect(result.project?.ruleSet.rules.map((r) => r.name)).toEqual(['Saved', 'Not yet saved']);
  });

  it('loses to a newer IndexedDB save, and refuses garbage', async () => {
    const { storage: idb } = memoryStorage();
    const store = createDesignStore();
    store.getState().applyChange((s) => addRule(s, createRule({ name: 'Newest' })));
    await idb.set(PROJECT_KEY, toEnvelope(store.getState(), new Date('2026-01-02T00:00:00Z')));
    const stale = toEnvelope(createDesignStore().getState(), new Date('2026-01-01T00:00:00Z'));
    expect(isNewerEnvelope(stale, await idb.get(PROJECT_KEY))).toBe(false);
    expect(isNewerEnvelope('junk', undefined)).toBe(false);
    const result = await loadSavedProject(idb, new Date(), stale);
    expect(result.fromPending).toBe(false);
    expect(result.project?.ruleSet.rules.map((r) => r.name)).toEqual(['Newest']);
  });

  it('reports unsaved changes until the write is confirmed', async () => {
    const { storage } = memoryStorage();
    const store = createDesignStore();
    const autosave = startAutosave(store, { storage, delayMs: 60_000 });
    expect(autosave.hasUnsavedChanges()).toBe(false);
    store.getState().applyChange((s) => addRule(s, createRule({ name: 'A' })));
    expect(autosave.hasUnsavedChanges()).toBe(true);
    await autosave.flush();
    expect(autosave.hasUnsavedChanges()).toBe(false);
    autosave.stop();
  });
});
