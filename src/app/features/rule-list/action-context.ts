import { createContext } from 'react';
import { useDesignStore } from '../../store/index.ts';
import type { ActionContext } from './actions.ts';

/** The list's action context (store and announcer), for the rows' menus, switches and shortcuts. */
export const RuleListActionContext = createContext<ActionContext>({ store: useDesignStore, announce: () => undefined });
