// A form is described, not hand-written: its fields with the API's own limits (libs/commands
// dto/*), the path it posts to and the body it sends. validate.ts checks the same limits before
// sending, so the agent hears about a mistake at once; the API's messages still win when it speaks.
export type FieldKind = 'text' | 'textarea' | 'select' | 'integer' | 'money' | 'id' | 'currency';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  required?: boolean;
  /** Longest text the API accepts. */
  maxLength?: number;
  min?: number;
  max?: number;
  /** For selects: the values, labelled through `optionsKey` (e.g. `channels` → common:channels.phone). */
  options?: readonly string[];
  optionsKey?: string;
  /** The API's name for the field in its problems when it differs (e.g. `lines.0.sku`). */
  apiField?: string;
  initial?: string;
}

export type Values = Record<string, string>;

export interface FormSpec {
  id: string;
  fields: FieldSpec[];
  /** Path relative to the customer, e.g. `contacts`; `context` carries a case id. */
  path: (context: Record<string, string>) => string;
  body: (values: Values) => Record<string, unknown>;
}

export const initialValues = (spec: FormSpec): Values =>
  Object.fromEntries(spec.fields.map((field) => [field.name, field.initial ?? '']));
