import { newId, toId18 } from './salesforce-ids';

export interface FieldSpec {
  name: string;
  type: 'id' | 'string' | 'email' | 'phone' | 'url' | 'picklist' | 'currency' | 'date' | 'datetime' | 'double' | 'boolean' | 'reference' | 'textarea';
  label: string;
  /** Required on create (not nillable, no default). */
  required?: boolean;
  readOnly?: boolean;
  length?: number;
  referenceTo?: string;
}

export interface ObjectSpec {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  fields: FieldSpec[];
}

export type SalesforceRecord = Record<string, unknown> & { Id: string };

const systemFields: FieldSpec[] = [
  { name: 'Id', type: 'id', label: 'Record ID', readOnly: true, length: 18 },
  { name: 'CreatedDate', type: 'datetime', label: 'Created Date', readOnly: true },
  { name: 'LastModifiedDate', type: 'datetime', label: 'Last Modified Date', readOnly: true },
  { name: 'SystemModstamp', type: 'datetime', label: 'System Modstamp', readOnly: true },
  { name: 'IsDeleted', type: 'boolean', label: 'Deleted', readOnly: true },
  { name: 'OwnerId', type: 'reference', label: 'Owner ID', referenceTo: 'User', readOnly: true, length: 18 },
];

export const OBJECTS: ObjectSpec[] = [
  {
    name: 'Account',
    label: 'Account',
    labelPlural: 'Accounts',
    keyPrefix: '001',
    fields: [
      ...systemFields,
      { name: 'Name', type: 'string', label: 'Account Name', required: true, length: 255 },
      { name: 'Industry', type: 'picklist', label: 'Industry', length: 255 },
      { name: 'Phone', type: 'phone', label: 'Account Phone', length: 40 },
      { name: 'Website', type: 'url', label: 'Website', length: 255 },
      { name: 'AnnualRevenue', type: 'currency', label: 'Annual Revenue' },
      { name: 'Description', type: 'textarea', label: 'Account Description', length: 32000 },
    ],
  },
  {
    name: 'Contact',
    label: 'Contact',
    labelPlural: 'Contacts',
    keyPrefix: '003',
    fields: [
      ...systemFields,
      { name: 'FirstName', type: 'string', label: 'First Name', length: 40 },
      { name: 'LastName', type: 'string', label: 'Last Name', required: true, length: 80 },
      { name: 'Email', type: 'email', label: 'Email', length: 80 },
      { name: 'AccountId', type: 'reference', label: 'Account ID', referenceTo: 'Account', length: 18 },
      { name: 'Title', type: 'string', label: 'Title', length: 128 },
    ],
  },
  {
    name: 'Opportunity',
    label: 'Opportunity',
    labelPlural: 'Opportunities',
    keyPrefix: '006',
    fields: [
      ...systemFields,
      { name: 'Name', type: 'string', label: 'Name', required: true, length: 120 },
      { name: 'StageName', type: 'picklist', label: 'Stage', required: true, length: 255 },
      { name: 'CloseDate', type: 'date', label: 'Close Date', required: true },
      { name: 'Amount', type: 'currency', label: 'Amount' },
      { name: 'AccountId', type: 'reference', label: 'Account ID', referenceTo: 'Account', length: 18 },
    ],
  },
];

export const ORG_ID = newId('00D', 1);
export const USER_ID = newId('005', 1);

/**
 * The org itself: one read-only record, queryable (`SELECT Id FROM Organization LIMIT 1` is
 * the usual cheap "does this session work" probe) but, as in Salesforce, not creatable,
 * updatable or deletable through the sObject API, so it is kept out of OBJECTS.
 */
export const ORGANIZATION: ObjectSpec = {
  name: 'Organization',
  label: 'Organization',
  labelPlural: 'Organizations',
  keyPrefix: '00D',
  fields: [
    { name: 'Id', type: 'id', label: 'Organization ID', readOnly: true, length: 18 },
    { name: 'Name', type: 'string', label: 'Name', readOnly: true, length: 80 },
    { name: 'OrganizationType', type: 'string', label: 'Edition', readOnly: true, length: 40 },
    { name: 'IsDeleted', type: 'boolean', label: 'Deleted', readOnly: true },
  ],
};

/** The org's records, deleted ones kept (IsDeleted) as the recycle bin does. */
export class SalesforceOrg {
  readonly records = new Map<string, { type: string; record: SalesforceRecord }>();
  private sequence = 1000;

  constructor(
    private readonly now: () => number,
    seed = true,
  ) {
    if (seed) this.seed();
  }

  object(name: string): ObjectSpec | undefined {
    return OBJECTS.find((spec) => spec.name.toLowerCase() === name.toLowerCase());
  }

  /** Objects SOQL can read: the sObject API's plus the org's own record. */
  queryable(name: string): ObjectSpec | undefined {
    return this.object(name) ?? (name.toLowerCase() === 'organization' ? ORGANIZATION : undefined);
  }

  field(spec: ObjectSpec, name: string): FieldSpec | undefined {
    return spec.fields.find((field) => field.name.toLowerCase() === name.toLowerCase());
  }

  insert(spec: ObjectSpec, values: Record<string, unknown>): SalesforceRecord {
    const timestamp = new Date(this.now()).toISOString().replace('Z', '+0000');
    const record: SalesforceRecord = {
      ...values,
      Id: newId(spec.keyPrefix, this.sequence++),
      CreatedDate: timestamp,
      LastModifiedDate: timestamp,
      SystemModstamp: timestamp,
      IsDeleted: false,
      OwnerId: USER_ID,
    };
    this.records.set(record.Id, { type: spec.name, record });
    return record;
  }

  /** By 15- or 18-character ID, of the given type, including deleted ones. */
  find(spec: ObjectSpec, id: string): SalesforceRecord | undefined {
    const id18 = toId18(id);
    const entry = id18 ? this.records.get(id18) : undefined;
    return entry && entry.type === spec.name ? entry.record : undefined;
  }

  /** A change: LastModifiedDate by a user's edit, SystemModstamp by any change (what polling reads). */
  touch(record: SalesforceRecord): void {
    const timestamp = new Date(this.now()).toISOString().replace('Z', '+0000');
    record['LastModifiedDate'] = timestamp;
    record['SystemModstamp'] = timestamp;
  }

  private seed(): void {
    this.records.set(ORG_ID, { type: 'Organization', record: { Id: ORG_ID, Name: 'Causeway Demo', OrganizationType: 'Developer Edition', IsDeleted: false } });
    const account = (spec: string) => this.object(spec) as ObjectSpec;
    const acme = this.insert(account('Account'), { Name: 'Acme Corp', Industry: 'Manufacturing', Phone: '+1 415 555 0100' });
    const globex = this.insert(account('Account'), { Name: 'Globex', Industry: 'Energy' });
    this.insert(account('Account'), { Name: 'Initech', Industry: 'Technology' });
    this.insert(account('Account'), { Name: 'Umbrella', Industry: 'Energy' });
    this.insert(account('Account'), { Name: 'Stark Industries', Industry: 'Manufacturing' });
    this.insert(account('Contact'), { FirstName: 'Wile', LastName: 'Coyote', Email: 'wile@acme.example', AccountId: acme.Id });
    this.insert(account('Contact'), { FirstName: 'Hank', LastName: 'Scorpio', Email: 'hank@globex.example', AccountId: globex.Id });
    this.insert(account('Opportunity'), { Name: 'Acme renewal', StageName: 'Negotiation/Review', CloseDate: '2026-03-31', Amount: 120000, AccountId: acme.Id });
  }
}
