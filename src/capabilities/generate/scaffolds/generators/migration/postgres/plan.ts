/**
 * Plans a PostgreSQL migration from one schema to another, in place (Postgres can ALTER what SQLite
 * must rebuild): column types change with a USING cast so values are kept, confirmed renames are
 * RENAMEs, enums grow with ADD VALUE (or are rebuilt when values go), identity and serial columns
 * keep their sequences in step, and everything runs in one transaction. Drops are flagged as
 * destructive; a drop paired with a look-alike add is offered as a rename hint.
 */
import { tableRenameHints, type MigrationPlan, type Renames } from '../plan-sqlite.js'
import { quoteIdent as q, type PgColumn, type PgConstraint, type PgObject, type PgSchema, type PgTable } from './schema.js'

/** `'it''s'` and `"Name"` aside, replaces the identifier `from` with `to` in a definition. */
export function renameIdentifier(text: string, from: string, to: string): string {
  if (from === to) return text
  const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const bare = /^[a-z_][a-z0-9_$]*$/.test(from) ? new RegExp(`(?<![\\w$."])${escaped}(?![\\w$"(])`, 'g') : null
  return text
    .split(/('(?:[^']|'')*')/)
    .map((part, i) => {
      if (i % 2 === 1) return part
      const quoted = part.split(`"${from.replace(/"/g, '""')}"`).join(q(to))
      // `lower(` is a call, not a column named lower; but `REFERENCES posts(id)` names a table.
      const referenced = bare ? quoted.replace(new RegExp(`(REFERENCES )${escaped}(?=\\()`, 'g'), `$1${q(to)}`) : quoted
      return bare ? referenced.replace(bare, q(to)) : referenced
    })
    .join('')
}

function columnDef(column: PgColumn): string {
  const serialType = { integer: 'serial', bigint: 'bigserial', smallint: 'smallserial' }[column.type]
  const parts = [q(column.name), column.serial && serialType ? serialType : column.type]
  if (column.generated) parts.push(`GENERATED ALWAYS AS (${column.generated.replace(/^\((.*)\)$/s, '$1')}) STORED`)
  if (column.identity) parts.push(`GENERATED ${column.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`)
  if (column.default !== null) parts.push(`DEFAULT ${column.default}`)
  if (column.notnull && !column.serial && !column.identity) parts.push('NOT NULL')
  return parts.join(' ')
}

const indexName = /^(CREATE (?:UNIQUE )?INDEX )(\S+)( ON )/

function enumUsing(column: string, type: string): string {
  return type.endsWith('[]') ? `${q(column)}::text[]::${type}` : `${q(column)}::text::${type}`
}

/** The labels `to` adds to `from`, each BEFORE/AFTER a label `from` has; null when a label goes or moves. */
function enumAdditions(from: string[], to: string[]): string[] | null {
  const kept = to.filter((l) => from.includes(l))
  if (kept.length !== from.length || kept.some((l, i) => l !== from[i])) return null
  const literal = (l: string) => `'${l.replace(/'/g, "''")}'`
  return to.flatMap((label, i) => {
    if (from.includes(label)) return []
    const next = to.slice(i + 1).find((l) => from.includes(l))
    const previous = to.slice(0, i).reverse()[0]
    return [next ? `${literal(label)} BEFORE ${literal(next)}` : previous ? `${literal(label)} AFTER ${literal(previous)}` : literal(label)]
  })
}

export function planPostgresMigration(from: PgSchema, to: PgSchema, renames: Renames): MigrationPlan {
  const destructive: string[] = []
  const hints: string[] = []
  for (const [oldName, newName] of renames.tables) {
    if (!from.tables.has(oldName)) throw new Error(`--renames ${oldName}:${newName}: there is no table ${oldName}`)
    if (!to.tables.has(newName)) throw new Error(`--renames ${oldName}:${newName}: the new schema has no table ${newName}`)
  }
  const oldNameOf = (newName: string) => [...renames.tables].find(([, n]) => n === newName)?.[0] ?? newName
  const newNameOf = (oldName: string) => renames.tables.get(oldName) ?? oldName
  const renamedAway = new Set(renames.tables.keys())
  const dropped = [...from.tables.keys()].filter((n) => !renamedAway.has(n) && !to.tables.has(n))
  // A table is new when nothing it was renamed from exists, or when its name was freed by renaming the old one away.
  const added = [...to.tables.keys()].filter((n) => !from.tables.has(oldNameOf(n)) || (oldNameOf(n) === n && renamedAway.has(n)))
  const kept = [...to.tables.keys()]
    .filter((n) => !added.includes(n))
    .map((n) => ({ old: from.tables.get(oldNameOf(n))!, now: to.tables.get(n)! }))

  /** old column → new column, per old table name, for columns that live on. */
  const columnMaps = new Map<string, Map<string, string>>()
  for (const { old, now } of kept) {
    const renamed = renames.columns.get(now.name) ?? new Map<string, string>()
    for (const [o, n] of renamed) {
      if (!old.columns.some((c) => c.name === o)) throw new Error(`--renames ${now.name}.${o}:${n}: ${old.name} has no column ${o}`)
      if (!now.columns.some((c) => c.name === n)) throw new Error(`--renames ${now.name}.${o}:${n}: ${now.name} has no column ${n}`)
    }
    const map = new Map<string, string>()
    for (const c of old.columns) {
      const n = renamed.get(c.name) ?? c.name
      if (now.columns.some((x) => x.name === n) && (renamed.has(c.name) || ![...renamed.values()].includes(c.name))) map.set(c.name, n)
    }
    columnMaps.set(old.name, map)
  }
  for (const table of renames.columns.keys()) {
    if (!kept.some((k) => k.now.name === table))
      throw new Error(`--renames ${table}.*: the new schema has no table ${table} that the old one has`)
  }

  /** A definition on an old table, in the new names (tables, its columns, and after REFERENCES the referenced table's). */
  const inNewNames = (def: string, oldTable: string, refTable?: string | null): string => {
    const [head = '', ...tail] = def.split(' REFERENCES ')
    const apply = (text: string, table: string) => {
      let out = text
      for (const [o, n] of columnMaps.get(table) ?? []) out = renameIdentifier(out, o, n)
      return out
    }
    let out = apply(head, oldTable)
    if (tail.length) out += ` REFERENCES ${apply(tail.join(' REFERENCES '), refTable ?? oldTable)}`
    for (const [o, n] of renames.tables) out = renameIdentifier(out, o, n)
    return out
  }

  hints.push(...tableRenameHints(dropped, added, from.tables, to.tables))

  // Enums: new ones, grown ones (ADD VALUE), and rebuilt ones (a label went or moved).
  const typesBefore: string[] = []
  const typesAfter: string[] = []
  const rebuiltEnums = new Set<string>()
  for (const [name, labels] of to.enums) {
    const old = from.enums.get(name)
    const list = labels.map((l) => `'${l.replace(/'/g, "''")}'`).join(', ')
    if (!old) typesBefore.push(`CREATE TYPE ${q(name)} AS ENUM (${list});`)
    else {
      const additions = enumAdditions(old, labels)
      if (additions) typesBefore.push(...additions.map((a) => `ALTER TYPE ${q(name)} ADD VALUE ${a};`))
      else {
        const gone = old.filter((l) => !labels.includes(l))
        if (gone.length) destructive.push(`Removes ${gone.join(', ')} from enum ${name}: rows that hold them make the migration fail.`)
        rebuiltEnums.add(name)
        typesBefore.push(`ALTER TYPE ${q(name)} RENAME TO ${q(`${name}__codex_old`)};`, `CREATE TYPE ${q(name)} AS ENUM (${list});`)
        typesAfter.push(`DROP TYPE ${q(`${name}__codex_old`)};`)
      }
    }
  }
  for (const name of from.enums.keys()) if (!to.enums.has(name)) typesAfter.push(`DROP TYPE ${q(name)};`)

  // Domains: created, altered in place (default, NOT NULL, checks), dropped.
  for (const domain of to.domains) {
    const old = from.domains.find((d) => d.name === domain.name)
    if (!old) {
      const parts = [`CREATE DOMAIN ${q(domain.name)} AS ${domain.base}`]
      if (domain.default !== null) parts.push(`DEFAULT ${domain.default}`)
      if (domain.notnull) parts.push('NOT NULL')
      parts.push(...domain.checks.map((c) => `CONSTRAINT ${q(c.name)} ${c.def}`))
      typesBefore.push(`${parts.join(' ')};`)
      continue
    }
    if (old.base !== domain.base)
      hints.push(`Domain ${domain.name} changes its base type (${old.base} → ${domain.base}): alter it by hand.`)
    const alter = `ALTER DOMAIN ${q(domain.name)}`
    if (old.default !== domain.default)
      typesBefore.push(domain.default === null ? `${alter} DROP DEFAULT;` : `${alter} SET DEFAULT ${domain.default};`)
    if (old.notnull !== domain.notnull) typesBefore.push(`${alter} ${domain.notnull ? 'SET' : 'DROP'} NOT NULL;`)
    for (const c of old.checks)
      if (!domain.checks.some((n) => n.name === c.name && n.def === c.def)) typesBefore.push(`${alter} DROP CONSTRAINT ${q(c.name)};`)
    for (const c of domain.checks)
      if (!old.checks.some((o) => o.name === c.name && o.def === c.def)) typesBefore.push(`${alter} ADD CONSTRAINT ${q(c.name)} ${c.def};`)
  }
  for (const domain of from.domains) if (!to.domains.some((d) => d.name === domain.name)) typesAfter.push(`DROP DOMAIN ${q(domain.name)};`)

  // Constraints: matched by name on the same (new) table, or by definition (a rename); the rest drop and add.
  const constraintDrops: PgConstraint[] = []
  const constraintRenames: string[] = []
  const constraintAdds: PgConstraint[] = []
  const claimed = new Set<PgConstraint>()
  for (const c of from.constraints) {
    if (dropped.includes(c.table)) {
      if (c.kind === 'f') constraintDrops.push(c)
      continue
    }
    const table = newNameOf(c.table)
    const def = inNewNames(c.def, c.table, c.refTable)
    const same = to.constraints.find((n) => n.table === table && n.name === c.name)
    if (same && same.def === def) claimed.add(same)
    else {
      const look = to.constraints.find(
        (n) =>
          n.table === table && n.def === def && !claimed.has(n) && !from.constraints.some((o) => o.table === c.table && o.name === n.name),
      )
      if (look) {
        claimed.add(look)
        constraintRenames.push(`ALTER TABLE ${q(table)} RENAME CONSTRAINT ${q(c.name)} TO ${q(look.name)};`)
      } else constraintDrops.push(c)
    }
  }
  for (const n of to.constraints) if (!claimed.has(n) && (!added.includes(n.table) || n.kind === 'f')) constraintAdds.push(n)

  // Indexes (those that back no constraint), the same way; on a table that goes or is created, they go or come with it.
  const indexDrops: PgObject[] = []
  const indexRenames: string[] = []
  const indexCreates: PgObject[] = []
  const viewNames = new Set([...from.views, ...to.views].map((v) => v.name))
  const claimedIndexes = new Set<PgObject>()
  const anonymous = (def: string) => def.replace(indexName, '$1_$3')
  for (const index of from.indexes) {
    if (dropped.includes(index.table) || viewNames.has(index.table)) continue
    const def = inNewNames(index.def, index.table)
    const same = to.indexes.find((n) => n.name === index.name && n.def === def)
    if (same) {
      claimedIndexes.add(same)
      continue
    }
    const look = to.indexes.find(
      (n) => anonymous(n.def) === anonymous(def) && !claimedIndexes.has(n) && !from.indexes.some((o) => o.name === n.name),
    )
    if (look) {
      claimedIndexes.add(look)
      indexRenames.push(`ALTER INDEX ${q(index.name)} RENAME TO ${q(look.name)};`)
    } else indexDrops.push(index)
  }
  for (const n of to.indexes) if (!claimedIndexes.has(n) && !viewNames.has(n.table)) indexCreates.push(n)

  // Tables: renames, new ones, column changes on the ones that stay, drops.
  const renameSteps: string[] = []
  for (const [o, n] of renames.tables) renameSteps.push(`ALTER TABLE ${q(o)} RENAME TO ${q(n)};`)
  const columnSteps: string[] = []
  const columnDrops: string[] = []
  for (const { old, now } of kept) {
    const t = `ALTER TABLE ${q(now.name)}`
    const map = columnMaps.get(old.name)!
    for (const [o, n] of map) if (o !== n) renameSteps.push(`${t} RENAME COLUMN ${q(o)} TO ${q(n)};`)
    const pairs = now.columns.map((column) => {
      const sourceName = [...map].find(([, n]) => n === column.name)?.[0]
      return { column, before: old.columns.find((c) => c.name === sourceName) }
    })
    const retyped = pairs.some(
      ({ column, before }) =>
        before && !column.generated && (before.type !== column.type || (column.typtype === 'e' && rebuiltEnums.has(column.typname))),
    )
    // A generated column reads other columns: a type change under it needs it out of the way, then back (recomputed).
    const regenerated = new Set(retyped ? pairs.filter((p) => p.before?.generated && p.column.generated).map((p) => p.column.name) : [])
    for (const name of regenerated) columnSteps.push(`${t} DROP COLUMN ${q(name)};`)
    for (const column of old.columns) if (column.generated && !map.has(column.name)) columnSteps.push(`${t} DROP COLUMN ${q(column.name)};`)
    const generatedAdds: string[] = []
    for (const { column, before } of pairs) {
      if (!before || regenerated.has(column.name)) {
        ;(column.generated ? generatedAdds : columnSteps).push(`${t} ADD COLUMN ${columnDef(column)};`)
        if (!before && column.notnull && column.default === null && !column.serial && !column.identity && !column.generated)
          hints.push(
            `${now.name}.${column.name} is added NOT NULL with no default: the migration fails on a table that has rows; give it a default.`,
          )
        continue
      }
      columnSteps.push(...alterColumn(now.name, before, column, rebuiltEnums, { destructive, hints }))
      if (before.serial && column.serial && before.serial !== column.serial)
        renameSteps.push(`ALTER SEQUENCE ${q(before.serial)} RENAME TO ${q(column.serial)};`)
    }
    columnSteps.push(...generatedAdds)
    for (const column of old.columns) {
      if (map.has(column.name) || column.generated) continue
      destructive.push(`Drops column ${old.name}.${column.name}: its values are lost.`)
      columnDrops.push(`${t} DROP COLUMN ${q(column.name)};`)
      for (const candidate of now.columns.filter(
        (c) => !old.columns.some((x) => x.name === c.name) && c.type === column.type && !c.generated,
      ))
        hints.push(
          `${now.name}.${column.name} was dropped and ${now.name}.${candidate.name} added with the same type: if it is a rename, pass --renames ${now.name}.${column.name}:${candidate.name} to keep its values.`,
        )
    }
  }
  const creates = added.map((name) => createTable(to.tables.get(name)!, to.constraints))
  const drops = dropped.map((name) => {
    destructive.push(`Drops table ${name}: its rows are lost.`)
    return `DROP TABLE ${q(name)};`
  })

  // Views, triggers and functions: recreated when they or anything they may read changed.
  const tablesTouched = renameSteps.length + columnSteps.length + columnDrops.length + drops.length + typesBefore.length > 0
  const viewsDiffer =
    JSON.stringify(from.views.map((v) => [v.name, v.def, v.materialized])) !==
    JSON.stringify(to.views.map((v) => [v.name, v.def, v.materialized]))
  const redoViews = tablesTouched || viewsDiffer
  const viewKind = (v: { materialized: boolean }) => (v.materialized ? 'MATERIALIZED VIEW' : 'VIEW')
  const viewDrops = redoViews ? [...from.views].reverse().map((v) => `DROP ${viewKind(v)} IF EXISTS ${q(v.name)};`) : []
  const viewCreates = redoViews
    ? to.views.flatMap((v) => [
        `CREATE ${viewKind(v)} ${q(v.name)} AS\n${v.def};`,
        ...to.indexes.filter((i) => i.table === v.name).map((i) => `${i.def};`),
      ])
    : []
  const triggerKey = (def: string) => def.replace(/\s+/g, ' ')
  const triggerDrops = from.triggers
    .filter((t) => !dropped.includes(t.table) && !to.triggers.some((n) => triggerKey(n.def) === triggerKey(inNewNames(t.def, t.table))))
    .map((t) => `DROP TRIGGER IF EXISTS ${q(t.name)} ON ${q(t.table)};`)
  const triggerCreates = to.triggers
    .filter((t) => added.includes(t.table) || !from.triggers.some((o) => triggerKey(inNewNames(o.def, o.table)) === triggerKey(t.def)))
    .map((t) => `${t.def};`)
  const functionCreates = to.functions
    .filter((f) => !from.functions.some((o) => o.name === f.name && o.def === f.def))
    .map((f) => `${f.def.trim()};`)
  const functionDrops = from.functions
    .filter((f) => !to.functions.some((n) => n.name === f.name))
    .map((f) => `DROP FUNCTION IF EXISTS ${f.name};`)

  const changes = [
    ...to.extensions.filter((e) => !from.extensions.includes(e)).map((e) => `CREATE EXTENSION IF NOT EXISTS ${q(e)};`),
    ...viewDrops,
    ...triggerDrops,
    ...constraintDrops.filter((c) => c.kind === 'f').map((c) => `ALTER TABLE ${q(c.table)} DROP CONSTRAINT ${q(c.name)};`),
    ...constraintDrops.filter((c) => c.kind !== 'f').map((c) => `ALTER TABLE ${q(c.table)} DROP CONSTRAINT ${q(c.name)};`),
    ...indexDrops.map((i) => `DROP INDEX ${q(i.name)};`),
    ...renameSteps,
    ...constraintRenames,
    ...indexRenames,
    ...typesBefore,
    ...functionCreates,
    ...creates,
    ...columnSteps,
    ...columnDrops,
    ...drops,
    ...typesAfter,
    ...constraintAdds.filter((c) => c.kind !== 'f').map((c) => `ALTER TABLE ${q(c.table)} ADD CONSTRAINT ${q(c.name)} ${c.def};`),
    ...constraintAdds.filter((c) => c.kind === 'f').map((c) => `ALTER TABLE ${q(c.table)} ADD CONSTRAINT ${q(c.name)} ${c.def};`),
    ...indexCreates.map((i) => `${i.def};`),
    ...viewCreates,
    ...triggerCreates,
    ...functionDrops,
    ...from.extensions.filter((e) => !to.extensions.includes(e)).map((e) => `DROP EXTENSION IF EXISTS ${q(e)};`),
  ]
  // A view that is dropped and created again with nothing else changed is no migration.
  const meaningful = changes.length > viewDrops.length + viewCreates.length || viewsDiffer
  if (!meaningful) return { statements: [], destructive, hints }
  const searchPath = to.schema === 'public' ? [] : [`SET LOCAL search_path TO ${q(to.schema)}, public;`]
  return { statements: ['BEGIN;', ...searchPath, ...changes, 'COMMIT;'], destructive, hints }
}

function createTable(table: PgTable, constraints: PgConstraint[]): string {
  const lines = table.columns.map(columnDef)
  for (const c of constraints.filter((x) => x.table === table.name && x.kind !== 'f')) lines.push(`CONSTRAINT ${q(c.name)} ${c.def}`)
  return `CREATE TABLE ${q(table.name)} (\n  ${lines.join(',\n  ')}\n);`
}

/** The steps that turn one column into another in place, keeping its values. */
function alterColumn(
  table: string,
  before: PgColumn,
  after: PgColumn,
  rebuiltEnums: Set<string>,
  { destructive, hints }: { destructive: string[]; hints: string[] },
): string[] {
  const t = `ALTER TABLE ${q(table)}`
  const col = `${t} ALTER COLUMN ${q(after.name)}`
  const steps: string[] = []
  if (before.generated !== after.generated) {
    if (before.generated && !after.generated) steps.push(`${col} DROP EXPRESSION;`)
    else {
      if (!before.generated) destructive.push(`${table}.${after.name} becomes a generated column: its stored values are replaced.`)
      return [`${t} DROP COLUMN ${q(after.name)};`, `${t} ADD COLUMN ${columnDef(after)};`]
    }
  }
  if (before.identity && !after.identity) steps.push(`${col} DROP IDENTITY;`)
  if (before.serial && !after.serial) steps.push(`${col} DROP DEFAULT;`, `DROP SEQUENCE IF EXISTS ${q(before.serial)};`)
  const typeChanges = before.type !== after.type || (after.typtype === 'e' && rebuiltEnums.has(after.typname))
  let defaultDropped = false
  if (typeChanges) {
    if (before.default !== null && !before.serial) {
      steps.push(`${col} DROP DEFAULT;`)
      defaultDropped = true
    }
    const using = after.typtype === 'e' || before.typtype === 'e' ? enumUsing(after.name, after.type) : `${q(after.name)}::${after.type}`
    steps.push(`${col} TYPE ${after.type} USING ${using};`)
    const zoned = (type: string) => /^(timestamp|time) with time zone/.test(type)
    if (/^(timestamp|time) /.test(before.type) && /^(timestamp|time) /.test(after.type) && zoned(before.type) !== zoned(after.type))
      hints.push(
        `${table}.${after.name}: ${before.type} → ${after.type} reads the values in the session's TimeZone; run SET TIME ZONE 'UTC' first if they are stored as UTC.`,
      )
  }
  if (!before.serial && after.serial) {
    steps.push(
      `CREATE SEQUENCE IF NOT EXISTS ${q(after.serial)} OWNED BY ${q(table)}.${q(after.name)};`,
      `${col} SET DEFAULT nextval('${after.serial.replace(/'/g, "''")}');`,
      `SELECT setval('${after.serial.replace(/'/g, "''")}', coalesce(max(${q(after.name)}), 0) + 1, false) FROM ${q(table)};`,
    )
  }
  if (!after.serial && (before.default !== after.default || defaultDropped) && !after.generated) {
    if (after.default !== null) steps.push(`${col} SET DEFAULT ${after.default};`)
    else if (before.default !== null && !defaultDropped) steps.push(`${col} DROP DEFAULT;`)
  }
  const wasNotNull = before.notnull || before.identity !== '' || before.serial !== null
  if (after.notnull && !before.notnull) steps.push(`${col} SET NOT NULL;`)
  if (!after.notnull && wasNotNull && !after.identity) steps.push(`${col} DROP NOT NULL;`)
  if (!before.identity && after.identity) {
    steps.push(
      `${col} ADD GENERATED ${after.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY;`,
      `SELECT setval(pg_get_serial_sequence('${q(table).replace(/'/g, "''")}', '${after.name.replace(/'/g, "''")}'), coalesce(max(${q(after.name)}), 0) + 1, false) FROM ${q(table)};`,
    )
  } else if (before.identity && after.identity && before.identity !== after.identity) {
    steps.push(`${col} SET GENERATED ${after.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT'};`)
  }
  return steps
}
