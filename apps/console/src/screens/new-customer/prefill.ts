// "Register <what was typed>": the search text goes into the field it looks like, so the agent
// does not type the caller's address or number twice.
import { latinDigits } from '../../format/digits';
import { PHONE_PATTERN } from '../../forms/customer-specs';
import type { Values } from '../../forms/spec';

export function prefill(typed: string): Values {
  const text = typed.trim();
  if (text === '') return {};
  if (text.includes('@')) return { email: text };
  const digits = latinDigits(text);
  if (PHONE_PATTERN.test(digits)) return { phone: digits };
  return { name: text };
}
