/**
 * A small SOQL subset: `SELECT f1, f2 FROM Object [WHERE a = 'x' AND b != 2 AND c LIKE '%y%'
 * AND d > 2026-12-07T05:00:00Z] [ORDER BY f [ASC|DESC][, g [ASC|DESC]]] [LIMIT n]`. Datetime
 * literals are unquoted, as in SOQL. Errors carry Salesforce's codes and message style.
 */
export interface SoqlCondition {
  field: string;
  operator: '=' | '!=' | 'LIKE' | '<' | '>' | '<=' | '>=';
  value: string | number | boolean | null;
}

export interface SoqlQuery {
  fields: string[];
  object: string;
  where: SoqlCondition[];
  orderBy?: { field: string; direction: 'ASC' | 'DESC' };
  /** Further ORDER BY fields, for ties of the first. */
  thenBy: Array<{ field: string; direction: 'ASC' | 'DESC' }>;
  limit?: number;
}

export class SoqlError extends Error {
  constructor(
    readonly errorCode: 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE',
    message: string,
  ) {
    super(message);
  }
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2})$/;
const TOKEN = /\s*('(?:[^'\\]|\\.)*'|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2})|!=|<=|>=|[=<>,()]|[A-Za-z0-9_.%]+)/y;

function tokenize(soql: string): string[] {
  const tokens: string[] = [];
  let index = 0;
  while (soql.slice(index).trim() !== '') {
    TOKEN.lastIndex = index;
    const match = TOKEN.exec(soql);
    if (!match) throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${soql.slice(index).trim().split(/\s/)[0]}'`);
    tokens.push(match[1] as string);
    index = TOKEN.lastIndex;
  }
  return tokens;
}

export function parseSoql(soql: string): SoqlQuery {
  const tokens = tokenize(soql);
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++];
  const keyword = (word: string) => peek()?.toUpperCase() === word;
  const unexpected = (): never => {
    throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${peek() ?? '<EOF>'}'`);
  };

  if (!keyword('SELECT')) unexpected();
  next();
  const fields: string[] = [];
  do {
    const field = next();
    if (!field || !/^[A-Za-z][A-Za-z0-9_.]*$/.test(field) || field.toUpperCase() === 'FROM') unexpected();
    fields.push(field as string);
  } while (peek() === ',' && next());
  if (!keyword('FROM')) unexpected();
  next();
  const object = next();
  if (!object || !/^[A-Za-z][A-Za-z0-9_]*$/.test(object)) unexpected();

  const where: SoqlCondition[] = [];
  if (keyword('WHERE')) {
    next();
    do {
      const field = next();
      if (!field || !/^[A-Za-z][A-Za-z0-9_.]*$/.test(field)) unexpected();
      const operator = next()?.toUpperCase();
      if (!operator || !['=', '!=', 'LIKE', '<', '>', '<=', '>='].includes(operator)) unexpected();
      where.push({ field: field as string, operator: operator as SoqlCondition['operator'], value: literal(next()) });
    } while (keyword('AND') && next());
    if (keyword('OR')) throw new SoqlError('MALFORMED_QUERY', "unexpected token: 'OR' (not supported by this simulator)");
  }
  let orderBy: SoqlQuery['orderBy'];
  const thenBy: SoqlQuery['thenBy'] = [];
  if (keyword('ORDER')) {
    next();
    if (!keyword('BY')) unexpected();
    next();
    const orderField = () => {
      const field = next();
      if (!field) unexpected();
      const direction = keyword('ASC') || keyword('DESC') ? (next()?.toUpperCase() as 'ASC' | 'DESC') : 'ASC';
      return { field: field as string, direction };
    };
    orderBy = orderField();
    while (peek() === ',' && next()) thenBy.push(orderField());
  }
  let limit: number | undefined;
  if (keyword('LIMIT')) {
    next();
    const value = Number(next());
    if (!Number.isInteger(value) || value < 0) unexpected();
    limit = value;
  }
  if (peek() !== undefined) unexpected();
  return { fields, object: object as string, where, orderBy, thenBy, limit };

  function literal(token: string | undefined): SoqlCondition['value'] {
    if (token === undefined) return unexpected();
    if (token.startsWith("'")) return token.slice(1, -1).replace(/\\'/g, "'");
    // Stored datetimes read `2026-12-07T05:00:00.000+0000`: a literal in that form compares in order.
    if (DATETIME.test(token)) return new Date(token.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')).toISOString().replace('Z', '+0000');
    if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
    if (/^(true|false)$/i.test(token)) return token.toLowerCase() === 'true';
    if (/^null$/i.test(token)) return null;
    return unexpected();
  }
}
