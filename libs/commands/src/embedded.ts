// What writing commands straight into a data directory takes (the import CLI's --data-dir): the
// bulk writer, the executor, the states kept between chunks and the preparation thread. Entry
// `@ledger/commands/embedded`: the library's index also brings the HTTP side (controllers, the
// Nest module, @nestjs/swagger's index, metrics), and preparing items (class-validator, the DTOs,
// entry `@ledger/commands/batch-prepare`) is the preparation thread's work.
export { BulkCommandWriter } from './batch-bulk';
export { OwnedCustomerStates } from './batch-states';
export { CommandExecutor } from './command-executor';
export { BatchPreparer } from './batch-preparer';
export { runItem, type BatchItem, type BatchItemResult } from './batch-items';
export type { CommandCaller } from './command-request';
