// PostgreSQL's generated names for unnamed constraints and indexes (ChooseRelationName):
// <table>_<columns>_<suffix>, each part truncated so the whole fits in 63 bytes.
const NAMEDATALEN = 63;

export function generatedName(table: string, columns: string[], suffix: string): string {
  let name1 = table;
  let name2 = columns.join('_');
  const overhead = suffix.length + (name2 ? 2 : 1);
  while (name1.length + name2.length + overhead > NAMEDATALEN) {
    if (name1.length > name2.length) name1 = name1.slice(0, -1);
    else name2 = name2.slice(0, -1);
  }
  return name2 ? `${name1}_${name2}_${suffix}` : `${name1}_${suffix}`;
}

export function constraintSuffix(kind: string): string {
  return { primaryKey: 'pkey', unique: 'key', foreignKey: 'fkey', check: 'check', exclude: 'excl' }[kind] ?? 'key';
}
