// The envelope of POST /commands/batch ({ commands: [{ command, customerId, …, body }] }),
// validated without the global pipe's deep copy: class-transformer would copy every item's body
// before the items are validated and copied again, each into its own command's DTO
// (prepareItem), which cost ≈ 7% of the CRM's main thread importing 500-command batches. Items
// are given their class by a shallow copy, so class-validator applies the same rules with the
// same messages. Anything but an object whose `commands` is a list of objects goes through the
// global pipe itself, so odd input is refused exactly as before.
import { flatten, InvalidInput, validateAsBody, validateInput } from '@ledger/http/validation';
import { BatchDto, BatchItemDto } from './batch.dto';

export async function batchEnvelope(body: unknown): Promise<BatchDto> {
  if (!isRecord(body) || !Array.isArray(body['commands']) || !body['commands'].every(isRecord)) {
    return (await validateAsBody(body, BatchDto)) as BatchDto;
  }
  const dto = shallowInstance(BatchDto, body);
  dto.commands = (body['commands'] as Record<string, unknown>[]).map((item) => shallowInstance(BatchItemDto, item));
  const errors = await validateInput(dto);
  if (errors.length > 0) throw new InvalidInput(flatten(errors));
  return dto;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `plain`'s own keys on an instance of `type`, unknown ones included (so they are refused as
 * unknown). Defined, not assigned: a `__proto__` key (the body guard refuses it earlier) can
 * never set the prototype here.
 */
function shallowInstance<T extends object>(type: new () => T, plain: Record<string, unknown>): T {
  const instance = new type();
  for (const key of Object.keys(plain))
    Object.defineProperty(instance, key, { value: plain[key], enumerable: true, writable: true, configurable: true });
  return instance;
}
