// A form is described, not hand-written: its fields with the API's own limits (libs/commands
// dto/*), the path it posts to and the body it sends. validate.ts checks the same limits before
// sending, so the agent hears about a mistake at once; the API's messages still win when it speaks.
export type FieldKind =
  | 'text'
  | 'textarea'
  | 'select'
  | 'integer'
  | 'money'
  | 'id'
  | 'currency'
  /** Several of `options` as check boxes; the value is the chosen ones joined by commas. */
  | 'choices'
  | 'password'
  /** A calendar day, YYYY-MM-DD. */
  | 'date';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  required?: boolean;
  /** Longest text the API accepts. */
  maxLength?: number;
  /** Shortest text the API accepts (a password). */
  minLength?: number;
  min?: number;
  max?: number;
  /** A pattern the API checks (a phone number), on Latin digits; `patternKey` is its message in `forms`. */
  pattern?: RegExp;
  patternKey?: string;
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
  path?: (context: Record<string, string>) => string;
  /** Or the whole path, for forms that are not about one customer (an admin's); may carry a query. */
  url?: (context: Record<string, string>, values: Values) => string;
  /** POST unless the endpoint replaces a value. */
  method?: 'POST' | 'PATCH' | 'PUT';
  body: (values: Values) => Record<string, unknown>;
}

export const initialValues = (spec: FormSpec, given: Values = {}): Values =>
  Object.fromEntries(spec.fields.map((field) => [field.name, given[field.name] ?? field.initial ?? '']));

/** The chosen options of a `choices` field. */
export const chosen = (raw: string | undefined): string[] => (raw ?? '').split(',').filter((v) => v !== '');
