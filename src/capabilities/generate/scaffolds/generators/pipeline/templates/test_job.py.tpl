---
to: <%= files.pyTest %>
when: python && test
---
"""Tests for <%= name %>: the transform alone, then the whole job against a real SQLite database."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from <%= pyModule %> import SqliteDatabase, period_before, run, transform

NOW = datetime.fromisoformat(<%= sample.nowPy | json %>)
START, END = period_before(NOW)


def test_covers_the_<%= period %>_before_the_run() -> None:
    assert START == datetime.fromisoformat(<%= sample.startPy | json %>)
    assert END == datetime.fromisoformat(<%= sample.endPy | json %>)


def test_aggregates_rows_by_<%= groupByUnderscore %>() -> None:
    rows: list[dict[str, Any]] = [
        {<% for column in groupBy %><%= column.name | json %>: "a", <% end %><% for column in sums %><%= column.name | json %>: 2, <% end %>},
        {<% for column in groupBy %><%= column.name | json %>: "a", <% end %><% for column in sums %><%= column.name | json %>: 3, <% end %>},
        {<% for column in groupBy %><%= column.name | json %>: "b", <% end %><% for column in sums %><%= column.name | json %>: None, <% end %>},
        {<% for column in groupBy %><%= column.name | json %>: None, <% end %><% for column in sums %><%= column.name | json %>: 1, <% end %>},
    ]
    result = transform(rows, "p")
    assert [(<% for column in groupBy %>r.<%= column.name %>, <% end %>r.row_count) for r in result] == [
        (<% for column in groupBy %>"a", <% end %>2),
        (<% for column in groupBy %>"b", <% end %>1),
        (<% for column in groupBy %>"unknown", <% end %>1),
    ]
<% for column in sums %>
    assert [r.<%= column.sumName %> for r in result] == [5.0, 0.0, 1.0]
<% end %>


def test_is_idempotent_against_sqlite() -> None:
    connection = sqlite3.connect(":memory:")
    connection.execute(<%= sample.sourceDdl | json %>)
    connection.executescript((Path(__file__).parent / "schema.sql").read_text())
    inside = START.replace(second=1)

    def insert(at: datetime, group: str) -> None:
        connection.execute(<%= sample.insert | json %>, [<% for column in groupBy %>group, <% end %><% for column in sums %>1, <% end %>at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")])

    insert(inside, "a")
    insert(inside, "a")
    insert(inside, "b")
    insert(END, "a")
    db = SqliteDatabase(connection)
    first = run(db, NOW)
    assert (first.rows_read, first.rows_written) == (3, 2)
    insert(inside, "b")
    run(db, NOW)
    rows = connection.execute(<%= sample.readBack | json %>).fetchall()
    assert [tuple(r) for r in rows] == [(<% for column in groupBy %>"a", <% end %>2), (<% for column in groupBy %>"b", <% end %>2)]
