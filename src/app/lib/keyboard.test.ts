import { describe, it, expect } from 'vitest';
import { undoShortcutOf } from './keyboard.ts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('undoShortcutOf', () => {
  it('maps the usual shortcuts', () => {
    expect(undoShortcutOf(key('z', { ctrlKey: true }))).toBe('undo');
    expect(undoShortcutOf(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(undoShortcutOf(key('y', { ctrlKey: true }))).toBe('redo');
    expect(undoShortcutOf(key('z', { metaKey: true }))).toBe('undo');
  });

  it('ignores plain keys and other combinations', () => {
    expect(undoShortcutOf(key('z'))).toBeNull();
    expect(undoShortcutOf(key('z', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(undoShortcutOf(key('x', { ctrlKey: true }))).toBeNull();
  });
});
