import { runService } from '@ledger/platform';
import { startCrm } from './crm';

runService(() => startCrm(), 'Ledger CRM');
