import type { SliceCreator, UiSlice } from './types.ts';

/** Selection, theme, the active view and the views' drafts. Not part of undo history. */
export const createUiSlice: SliceCreator<UiSlice> = (set) => ({
  selectedRuleId: null,
  theme: 'light',
  activeView: 'design',
  selectRule: (id) => set({ selectedRuleId: id }),
  setTheme: (theme) => set({ theme }),
  setActiveView: (activeView) => set({ activeView }),
  viewDrafts: {},
  setViewDraft: (view, draft) => set((state) => ({ viewDrafts: { ...state.viewDrafts, [view]: draft } })),
});
