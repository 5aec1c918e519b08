-- The blog schema one release later (see schema.sql): posts.body renamed to content, posts.score
-- becomes an INTEGER, posts.is_pinned dropped, posts.tags added with a default, a comments table,
-- an index, and the view counting comments too.
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
  content TEXT,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'posted', 'failed')),
  score INTEGER NOT NULL DEFAULT 0,
  tags JSON NOT NULL DEFAULT '[]',
  title_length INTEGER GENERATED ALWAYS AS (length(title)) VIRTUAL,
  posted_at DATETIME
);

CREATE INDEX posts_user_id ON posts (user_id);

CREATE TABLE tags (
  slug TEXT NOT NULL PRIMARY KEY,
  label TEXT NOT NULL
);

CREATE TABLE "post tags" (
  post_id INTEGER NOT NULL REFERENCES posts (id),
  tag_slug TEXT NOT NULL REFERENCES tags (slug),
  PRIMARY KEY (post_id, tag_slug)
);

CREATE TABLE comments (
  id INTEGER PRIMARY KEY,
  post_id INTEGER NOT NULL REFERENCES posts (id),
  body TEXT NOT NULL
);

CREATE VIEW post_stats AS
  SELECT u.id AS user_id, u.email, count(DISTINCT p.id) AS posts, count(c.id) AS comments, max(p.posted_at) AS last_posted_at
  FROM users u LEFT JOIN posts p ON p.user_id = u.id LEFT JOIN comments c ON c.post_id = p.id
  GROUP BY u.id;
