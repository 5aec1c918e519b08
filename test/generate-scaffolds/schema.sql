-- A small blog schema for the types and migration tests: enums as CHECK constraints, defaults,
-- generated columns, JSON, a composite key, one-to-one and many-to-one foreign keys, and a view.
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  display_name TEXT,
  role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'admin', 'owner''s proxy')),
  created_at TEXT NOT NULL DEFAULT (datetime('now'))
);

CREATE TABLE profiles (
  user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  bio TEXT,
  avatar BLOB,
  settings JSON NOT NULL DEFAULT '{}'
);

CREATE TABLE posts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users,
  title TEXT NOT NULL,
  body TEXT,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'posted', 'failed')),
  score REAL NOT NULL DEFAULT 0,
  is_pinned BOOLEAN NOT NULL DEFAULT 0,
  title_length INTEGER GENERATED ALWAYS AS (length(title)) VIRTUAL,
  posted_at DATETIME
);

CREATE TABLE tags (
  slug TEXT NOT NULL PRIMARY KEY,
  label TEXT NOT NULL
);

CREATE TABLE "post tags" (
  post_id INTEGER NOT NULL REFERENCES posts (id),
  tag_slug TEXT NOT NULL REFERENCES tags (slug),
  PRIMARY KEY (post_id, tag_slug)
);

CREATE VIEW post_stats AS
  SELECT u.id AS user_id, u.email, count(p.id) AS posts, max(p.posted_at) AS last_posted_at
  FROM users u LEFT JOIN posts p ON p.user_id = u.id
  GROUP BY u.id;
