// Writing a known history through the real API, as a channel would, for the end-to-end and
// browser tests: every write must be accepted (201), and the highest log position written is
// kept so reads can ask for it (`minPosition`, read-your-writes).
import type { CrmUnderTest, Reply } from './crm-under-test';

export class HistoryWriter {
  /** The highest log position written so far. */
  lastPosition = 0;

  /** `crm` is a getter because suites start the CRM in beforeAll, after creating the writer. */
  constructor(private readonly crm: () => CrmUnderTest) {}

  /** POSTs as the channel; fails naming the path unless the write was accepted. */
  readonly post = async (path: string, body: unknown): Promise<Reply> => {
    const reply = await this.crm().post(path, body);
    if (reply.status !== 201) throw new Error(`${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
    this.lastPosition = Math.max(this.lastPosition, reply.body.position);
    return reply;
  };

  /** One 1 kg bag of beans bought on the web for `amount` €, credited to `campaignId` if given. */
  readonly buy = (customerId: string, occurredAt: string, amount: number, campaignId?: string): Promise<Reply> =>
    this.post(`/customers/${customerId}/purchases`, {
      lines: [{ sku: 'BEAN-1KG', quantity: 1, unitPrice: amount }],
      currency: 'EUR',
      channel: 'web',
      occurredAt,
      ...(campaignId ? { campaignId } : {}),
    });
}
