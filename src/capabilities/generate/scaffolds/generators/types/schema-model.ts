/** A database schema as the types generator sees it, whichever engine it came from. */

export interface ColumnModel {
  name: string
  /** The TypeScript type of a value (without `| null`). */
  tsType: string
  nullable: boolean
  /** Has a default, is an identity/autoincrement key: optional on insert. */
  hasDefault: boolean
  /** Computed by the database: never written. */
  generated: boolean
  /** The database's own type name, for the doc comment. */
  dbType: string
  /** The allowed values, when the column is an enum or has a CHECK (col IN (...)). */
  enumValues?: string[]
  /** An identity key: INTEGER PRIMARY KEY (SQLite rowid), GENERATED ... AS IDENTITY or serial (Postgres). */
  identity?: boolean
  /** A primary key or unique index covers this column alone. */
  unique?: boolean
}

export interface RelationshipModel {
  foreignKeyName: string
  columns: string[]
  referencedRelation: string
  referencedColumns: string[]
  /** The foreign key columns are unique in their table (its primary key or a unique index). */
  isOneToOne: boolean
}

export interface RelationModel {
  name: string
  columns: ColumnModel[]
  relationships: RelationshipModel[]
}

export interface SchemaModel {
  /** The namespace in the `Database` type (Postgres schema name; `public` for SQLite). */
  schema: string
  tables: RelationModel[]
  views: RelationModel[]
  /** Named enums: Postgres enum types, or SQLite `CHECK (col IN (...))` constraints as `<table>_<column>`. */
  enums: { name: string; values: string[] }[]
}
