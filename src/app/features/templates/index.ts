export { TemplateDialog } from './template-dialog.tsx';
export type { TemplateDialogProps } from './template-dialog.tsx';
