// The campaigns answer (GET /campaigns): every launched campaign's attribution side by side;
// the server's own types, imported type-only.
export type { CampaignAttribution, CampaignsAnswer } from '@ledger/queries/api';
