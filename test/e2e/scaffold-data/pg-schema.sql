-- A blog schema in PostgreSQL's own dialect: enums, a domain, identity and serial keys, timestamps
-- with and without time zone, CHECK/UNIQUE/foreign keys, an index, a trigger and its function, a view.
CREATE TYPE post_status AS ENUM ('draft', 'posted', 'failed');
CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');

CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email email NOT NULL UNIQUE,
  display_name text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE posts (
  id serial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title varchar(200) NOT NULL,
  body text,
  status post_status NOT NULL DEFAULT 'draft',
  score integer NOT NULL DEFAULT 0 CHECK (score >= 0),
  is_pinned boolean NOT NULL DEFAULT false,
  posted_at timestamp,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX posts_user_id_idx ON posts (user_id);

CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;
CREATE TRIGGER posts_touch BEFORE UPDATE ON posts FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE legacy_audit (
  id serial PRIMARY KEY,
  note text
);

CREATE VIEW post_stats AS
  SELECT u.id AS user_id, count(p.id) AS posts
  FROM users u LEFT JOIN posts p ON p.user_id = u.id
  GROUP BY u.id;
