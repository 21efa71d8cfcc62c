import { create } from 'zustand';
import type { PersistNotice } from '../store/persist.ts';

export interface ShellNotice extends PersistNotice {
  id: string;
}

interface NoticeState {
  notices: ShellNotice[];
  push: (notice: PersistNotice) => void;
  dismiss: (id: string) => void;
}

let counter = 0;

/** Messages the shell shows under the top bar (restore problems, save failures). */
export const useNotices = create<NoticeState>()((set) => ({
  notices: [],
  push: (notice) =>
    set((state) => {
      if (state.notices.some((n) => n.title === notice.title && n.message === notice.message)) return state;
      counter += 1;
      return { notices: [...state.notices, { ...notice, id: `notice-${counter}` }] };
    }),
  dismiss: (id) => set((state) => ({ notices: state.notices.filter((n) => n.id !== id) })),
}));
