// The campaigns answer (GET /campaigns): every launched campaign's attribution side by side.
export interface CampaignAttribution {
  campaignId: string;
  name: string | null;
  channel: string | null;
  window: { startsAt: string; endsAt: string } | null;
  asOf: string;
  lookbackDays: number;
  budget: number | null;
  currency: string | null;
  contactsByChannel: Record<string, { inbound: number; outbound: number }>;
  touchesByChannel: Record<string, number>;
  contactsAfterTouch: Record<string, number>;
  directPurchases: { count: number; revenue: number };
  firstTouch: { purchases: number; revenue: number };
  lastTouch: { purchases: number; revenue: number };
  customersTouched: number;
  customersConverted: number;
  conversionRate: number | null;
  costPerAcquisition: number | null;
  roi: { direct: number | null; firstTouch: number | null; lastTouch: number | null };
}

export interface CampaignsAnswer {
  asOf: string;
  lookbackDays: number;
  campaigns: CampaignAttribution[];
}
