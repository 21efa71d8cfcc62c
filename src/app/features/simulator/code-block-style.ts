import { tokens, type GriffelStyle } from '@fluentui/react-components';

/** A block of PowerShell (Test-ClientAccessRule lines) shown as wrapped monospace text. */
export const CODE_BLOCK_STYLE: GriffelStyle = {
  margin: 0,
  padding: tokens.spacingHorizontalS,
  fontFamily: tokens.fontFamilyMonospace,
  fontSize: tokens.fontSizeBase200,
  backgroundColor: tokens.colorNeutralBackground3,
  color: tokens.colorNeutralForeground1,
  border: `1px solid ${tokens.colorNeutralStroke2}`,
  borderRadius: tokens.borderRadiusMedium,
  whiteSpace: 'pre-wrap',
  overflowWrap: 'anywhere',
};
