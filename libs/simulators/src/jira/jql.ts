/**
 * A deliberately small JQL: `AND`-joined clauses with `=`, `!=`, `~`, `in (…)`, `not in (…)`,
 * `is EMPTY`, the comparisons `>`, `>=`, `<`, `<=` (dates: `created`, `updated`), and
 * `ORDER BY field [ASC|DESC]`. Enough for agents' common queries and polling; anything
 * else is answered the way Jira answers queries it cannot parse (400 + errorMessages).
 */
export interface JqlClause {
  field: string;
  operator: '=' | '!=' | '~' | 'in' | 'not in' | 'is' | 'is not' | '>' | '>=' | '<' | '<=';
  values: string[];
}

export interface JqlQuery {
  clauses: JqlClause[];
  orderBy?: { field: string; direction: 'ASC' | 'DESC' };
}

export class JqlError extends Error {}

type Token = { kind: 'word' | 'string' | 'op' | 'punct'; value: string };

function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < jql.length) {
    const char = jql[index] as string;
    if (/\s/.test(char)) {
      index += 1;
    } else if (char === '"' || char === "'") {
      const end = jql.indexOf(char, index + 1);
      if (end < 0) throw new JqlError(`Error in the JQL Query: The quoted string '${jql.slice(index + 1)}' has not been completed.`);
      tokens.push({ kind: 'string', value: jql.slice(index + 1, end) });
      index = end + 1;
    } else if (jql.startsWith('!=', index) || jql.startsWith('>=', index) || jql.startsWith('<=', index)) {
      tokens.push({ kind: 'op', value: jql.slice(index, index + 2) });
      index += 2;
    } else if (char === '=' || char === '~' || char === '>' || char === '<') {
      tokens.push({ kind: 'op', value: char });
      index += 1;
    } else if (char === '(' || char === ')' || char === ',') {
      tokens.push({ kind: 'punct', value: char });
      index += 1;
    } else {
      const match = /^[^\s=!~<>(),"']+/.exec(jql.slice(index));
      if (!match) throw new JqlError(`Error in the JQL Query: The character '${char}' is a reserved JQL character.`);
      tokens.push({ kind: 'word', value: match[0] });
      index += match[0].length;
    }
  }
  return tokens;
}

export function parseJql(jql: string): JqlQuery {
  const tokens = tokenize(jql);
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++];
  const isWord = (token: Token | undefined, word: string) => token?.kind === 'word' && token.value.toUpperCase() === word;
  const expectValue = (): string => {
    const token = next();
    if (!token || token.kind === 'punct' || token.kind === 'op')
      throw new JqlError(`Error in the JQL Query: Expecting either a value, list or function but got '${token?.value ?? 'end of query'}'.`);
    // Functions such as currentUser() arrive as a word followed by `(` and `)`.
    if (token.kind === 'word' && peek()?.value === '(' && tokens[position + 1]?.value === ')') {
      position += 2;
      return `${token.value}()`;
    }
    return token.value;
  };

  const clauses: JqlClause[] = [];
  while (peek() && !isWord(peek(), 'ORDER')) {
    if (clauses.length > 0) {
      const joiner = next();
      if (isWord(joiner, 'OR')) throw new JqlError('Error in the JQL Query: OR is not supported by this simulator.');
      if (!isWord(joiner, 'AND')) throw new JqlError(`Error in the JQL Query: Expecting operator 'AND' but got '${joiner?.value}'.`);
    }
    const field = next();
    if (!field || field.kind === 'punct' || field.kind === 'op')
      throw new JqlError(`Error in the JQL Query: Expecting a field name but got '${field?.value ?? 'end of query'}'.`);
    const operatorToken = next();
    let operator: JqlClause['operator'];
    if (operatorToken?.kind === 'op') operator = operatorToken.value as JqlClause['operator'];
    else if (isWord(operatorToken, 'IN')) operator = 'in';
    else if (isWord(operatorToken, 'NOT') && isWord(peek(), 'IN')) {
      next();
      operator = 'not in';
    } else if (isWord(operatorToken, 'IS')) {
      operator = isWord(peek(), 'NOT') ? (next(), 'is not') : 'is';
    } else throw new JqlError(`Error in the JQL Query: Expecting operator but got '${operatorToken?.value ?? 'end of query'}'.`);

    let values: string[];
    if (operator === 'in' || operator === 'not in') {
      if (next()?.value !== '(') throw new JqlError("Error in the JQL Query: Expecting '(' after IN.");
      values = [expectValue()];
      while (peek()?.value === ',') {
        next();
        values.push(expectValue());
      }
      if (next()?.value !== ')') throw new JqlError("Error in the JQL Query: Expecting ')' before the end of the query.");
    } else {
      values = [expectValue()];
    }
    clauses.push({ field: field.value.toLowerCase(), operator, values });
  }

  let orderBy: JqlQuery['orderBy'];
  if (isWord(peek(), 'ORDER')) {
    next();
    if (!isWord(next(), 'BY')) throw new JqlError("Error in the JQL Query: Expecting 'BY' after 'ORDER'.");
    const field = next();
    if (!field || field.kind !== 'word') throw new JqlError('Error in the JQL Query: Expecting a field name after ORDER BY.');
    const direction = isWord(peek(), 'ASC') || isWord(peek(), 'DESC') ? (next()?.value.toUpperCase() as 'ASC' | 'DESC') : 'ASC';
    orderBy = { field: field.value.toLowerCase(), direction };
  }
  if (peek()) throw new JqlError(`Error in the JQL Query: Expecting end of query but got '${peek()?.value}'.`);
  return { clauses, orderBy };
}
