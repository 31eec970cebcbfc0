// The real CRM the browser tests drive (apps/crm's own end-to-end harness): the only place the
// console's tests reach into another app, which is what an end-to-end test is for.
// eslint-disable-next-line @nx/enforce-module-boundaries -- see above
export { CrmUnderTest, KEYS, type Role } from '../../../crm/src/test-support/crm-under-test';
// eslint-disable-next-line @nx/enforce-module-boundaries -- see above
export { HistoryWriter } from '../../../crm/src/test-support/history-writer';
// eslint-disable-next-line @nx/enforce-module-boundaries -- see above
export { writeAnalystBasics } from '../../../crm/src/test-support/known-history';
// eslint-disable-next-line @nx/enforce-module-boundaries -- see above
export { TestProvider, freePort, OIDC_CLIENT } from '../../../crm/src/test-support/oidc-provider';
