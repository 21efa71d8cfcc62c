import type { Connection } from '../core/model/types.ts';

/** An ordinary connection for tests that need one but do not test its fields: Outlook on the web, Basic, jeff. */
export const sampleConnection: Connection = {
  protocol: 'OutlookWebApp',
  authenticationType: 'BasicAuthentication',
  ipAddress: '10.0.0.1',
  port: 443,
  user: 'jeff@contoso.com',
  attributes: {},
  connectionType: 'EndUser',
};
