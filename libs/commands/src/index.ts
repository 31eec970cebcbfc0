export * from './commands.module';
export * from './command-executor';
export * from './command-results';
export * from './command-catalogue';
export * from './ids';
export * from './batch-items';
export { prepareItem } from './batch-item-prepare';
export { BatchPreparer } from './batch-preparer';
export { prepareItems, type MappedUnit, type PreparedUnit, type UnitMapper } from './batch-prepare';
export type { CommandCaller } from './command-request';
export { ID_PATTERN } from './dto/fields';
/** The command bodies' DTOs, read by the console's check that its forms follow the API's rules
 * and by the validation benchmark. */
export { RegisterCustomerDto } from './dto/customer.dto';
export { ContactDto, FeedbackDto, InformationRequestDto } from './dto/interaction.dto';
export { OrderLineDto, PurchaseDto, ReturnDto } from './dto/sales.dto';
export { AssignComplaintDto, ComplaintDto, EscalateComplaintDto, ResolveComplaintDto } from './dto/service.dto';
export * from './batch-bulk';
export * from './batch-states';
