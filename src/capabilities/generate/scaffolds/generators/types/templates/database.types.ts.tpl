---
to: <%= output %>
---
/**
 * Database types for <%= source %>, introspected by codex-agent (types). Do not edit by hand:
 * regenerate with `codex-agent generate types --from <%= sourceArg %> --output <%= output %> --force`.
 */

export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

export interface Database {
  <%= schemaKey %>: {
    Tables: {
<% for table in tables %>
      <%= table.key %>: {
        Row: {
<% for column in table.columns %>
          /** <%= column.dbType %> */
          <%= column.key %>: <%= column.rowType %>
<% end %>
        }
        Insert: {
<% for column in table.writable %>
          <%= column.key %><% if column.insertOptional %>?<% end %>: <%= column.rowType %>
<% end %>
        }
        Update: {
<% for column in table.writable %>
          <%= column.key %>?: <%= column.rowType %>
<% end %>
        }
        Relationships: [
<% for rel in table.relationships %>
          {
            foreignKeyName: <%= rel.foreignKeyName | ts %>
            columns: [<%= rel.columns %>]
            isOneToOne: <%= rel.isOneToOne %>
            referencedRelation: <%= rel.referencedRelation | ts %>
            referencedColumns: [<%= rel.referencedColumns %>]
          },
<% end %>
        ]
      }
<% end %>
    }
    Views: {
<% for view in views %>
      <%= view.key %>: {
        Row: {
<% for column in view.columns %>
          /** <%= column.dbType %> */
          <%= column.key %>: <%= column.rowType %>
<% end %>
        }
        Relationships: []
      }
<% end %>
    }
    Enums: {
<% for e in enums %>
      <%= e.key %>: <%= e.union %>
<% end %>
    }
  }
}

type Schema = Database[<%= schemaKey | ts %>]

/** A row of a table or view: `Tables<'posts'>`. */
export type Tables<Name extends keyof Schema['Tables'] | keyof Schema['Views']> = Name extends keyof Schema['Tables']
  ? Schema['Tables'][Name]['Row']
  : Name extends keyof Schema['Views']
    ? Schema['Views'][Name]['Row']
    : never

/** What an INSERT takes: columns with defaults and nullable columns may be left out. */
export type TablesInsert<Name extends keyof Schema['Tables']> = Schema['Tables'][Name]['Insert']

/** What an UPDATE takes: any subset of the writable columns. */
export type TablesUpdate<Name extends keyof Schema['Tables']> = Schema['Tables'][Name]['Update']

export type Enums<Name extends keyof Schema['Enums']> = Schema['Enums'][Name]
