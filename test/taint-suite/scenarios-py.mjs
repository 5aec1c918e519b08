// Python scenarios of the taint suite (Flask blueprints, Django views, FastAPI routers). Same shape as
// scenarios-js.mjs: `h.in(name)` reads request input (for FastAPI it also adds the typed parameter),
// h.json / h.html / h.reject / h.redirect answer; `@@` marks the sink line.

const ALL = (flask, django, fastapi) => ({ flask, django, fastapi })

export const PY_SCENARIOS = [
  // ---------------------------------------------------------------- command injection
  {
    id: 'cmd-ping-system',
    family: 'command-injection',
    src: ALL('query', 'query', 'query'),
    imports: 'import ipaddress\nimport os',
    vuln: (h) => ({ body: `host = ${h.in('host')}\n@@status = os.system("ping -c 1 " + host)\n${h.json('status')}` }),
    safe: (h) => ({
      body: `try:\n    addr = ipaddress.ip_address(${h.in('host')})\nexcept ValueError:\n    ${h.reject('not an IP address')}\n@@status = os.system(f"ping -c 1 {addr}")\n${h.json('status')}`,
    }),
  },
  {
    id: 'cmd-nslookup-shell',
    family: 'command-injection',
    src: ALL('query', 'query', 'query'),
    imports: 'import subprocess',
    vuln: (h) => ({
      body: `domain = ${h.in('domain')}\n@@proc = subprocess.run(f"nslookup {domain}", shell=True, capture_output=True, text=True)\n${h.json('proc.stdout')}`,
    }),
    safe: (h) => ({
      body: `domain = ${h.in('domain')}\n@@proc = subprocess.run(["nslookup", domain], capture_output=True, text=True)\n${h.json('proc.stdout')}`,
    }),
  },
  {
    id: 'cmd-service-status',
    family: 'command-injection',
    src: ALL('path', 'path', 'path'),
    imports: 'import os',
    vuln: (h) => ({ body: `service = ${h.in('service')}\n@@output = os.popen(f"systemctl status {service}").read()\n${h.json('output')}` }),
    safe: (h) => ({
      top: 'SERVICES = {"nginx", "postgresql", "redis"}',
      body: `service = ${h.in('service')}\nif service not in SERVICES:\n    ${h.reject('unknown service')}\n@@output = os.popen(f"systemctl status {service}").read()\n${h.json('output')}`,
    }),
  },
  {
    id: 'cmd-wc-quote',
    family: 'command-injection',
    src: ALL('query', 'header', 'query'),
    imports: 'import shlex\nimport subprocess',
    vuln: (h) => ({
      body: `name = ${h.in('log')}\n@@lines = subprocess.check_output("wc -l /srv/logs/" + name, shell=True)\n${h.json('lines.decode()')}`,
    }),
    safe: (h) => ({
      body: `name = ${h.in('log')}\n@@lines = subprocess.check_output("wc -l /srv/logs/" + shlex.quote(name), shell=True)\n${h.json('lines.decode()')}`,
    }),
  },
  {
    id: 'cmd-archive-helper',
    family: 'command-injection',
    method: 'post',
    src: ALL('form', 'form', 'json'),
    imports: 'import re\nimport subprocess',
    vuln: (h) => ({
      top: 'def archive(folder):\n    @@return subprocess.call("tar czf /tmp/export.tgz " + folder, shell=True)',
      body: `code = archive(${h.in('folder')})\n${h.json('code')}`,
    }),
    safe: (h) => ({
      top: 'def archive(folder):\n    if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", folder):\n        raise ValueError("bad folder")\n    @@return subprocess.call("tar czf /tmp/export.tgz " + folder, shell=True)',
      body: `code = archive(${h.in('folder')})\n${h.json('code')}`,
    }),
  },
  {
    id: 'cmd-converter-class',
    family: 'command-injection',
    method: 'post',
    src: ALL('json', 'json', 'json'),
    imports: 'import os\nimport uuid',
    vuln: (h) => ({
      top: 'class Converter:\n    def __init__(self, source):\n        self.source = source\n\n    def run(self):\n        @@return os.system(f"convert /srv/uploads/{self.source} /srv/thumbs/{self.source}.png")',
      body: `converter = Converter(${h.in('upload_id')})\n${h.json('converter.run()')}`,
    }),
    safe: (h) => ({
      top: 'class Converter:\n    def __init__(self, source):\n        self.source = source\n\n    def run(self):\n        @@return os.system(f"convert /srv/uploads/{self.source} /srv/thumbs/{self.source}.png")',
      body: `converter = Converter(str(uuid.UUID(${h.in('upload_id')})))\n${h.json('converter.run()')}`,
    }),
  },
  {
    id: 'cmd-kill-int',
    family: 'command-injection',
    method: 'post',
    src: ALL('form', 'path', 'query'),
    imports: 'import os',
    vuln: (h) => ({ body: `pid = ${h.in('pid')}\n@@os.system("kill -HUP " + pid)\n${h.json('pid')}` }),
    safe: (h) => ({ body: `pid = int(${h.in('pid')})\n@@os.system("kill -HUP " + str(pid))\n${h.json('pid')}` }),
  },
  {
    id: 'cmd-git-show',
    family: 'command-injection',
    src: ALL('query', 'query', 'query'),
    imports: 'import re\nimport subprocess',
    vuln: (h) => ({
      body: `ref = ${h.in('ref')}\n@@diff = subprocess.check_output("git show --stat " + ref, shell=True, cwd="/srv/repo")\n${h.json('diff.decode()')}`,
    }),
    safe: (h) => ({
      body: `ref = ${h.in('ref')}\nif not re.fullmatch(r"[0-9a-f]{7,40}", ref):\n    ${h.reject('not a commit id')}\n@@diff = subprocess.check_output("git show --stat " + ref, shell=True, cwd="/srv/repo")\n${h.json('diff.decode()')}`,
    }),
  },
  {
    id: 'cmd-lib-module',
    family: 'command-injection',
    method: 'post',
    src: ALL('form', 'form', undefined),
    files: (side) => ({
      [`lib/reports_${side}.py`]:
        side === 'vuln'
          ? 'import os\n\n\ndef run_report(name):\n    return os.system("/usr/local/bin/report.sh " + name)\n'
          : 'import subprocess\n\n\ndef run_report(name):\n    return subprocess.call(["/usr/local/bin/report.sh", name])\n',
    }),
    vuln: (h) => ({
      imports: 'from ..lib.reports_vuln import run_report',
      body: `@@code = run_report(${h.in('report')})\n${h.json('code')}`,
    }),
    safe: (h) => ({
      imports: 'from ..lib.reports_safe import run_report',
      body: `@@code = run_report(${h.in('report')})\n${h.json('code')}`,
    }),
  },

  {
    id: 'cmd-sh-c-list',
    family: 'command-injection',
    method: 'post',
    src: ALL('form', 'form', 'form'),
    imports: 'import subprocess',
    vuln: (h) => ({
      body: `pattern = ${h.in('pattern')}\n@@out = subprocess.run(["sh", "-c", f"grep -r {pattern} /srv/logs | tail -n 100"], capture_output=True)\n${h.json('out.stdout.decode()')}`,
    }),
    safe: (h) => ({
      body: `pattern = ${h.in('pattern')}\n@@out = subprocess.run(["grep", "-r", "--", pattern, "/srv/logs"], capture_output=True)\n${h.json('out.stdout.decode()')}`,
    }),
  },
  {
    id: 'cmd-guard-no-return',
    family: 'command-injection',
    src: ALL('query', 'query', 'query'),
    imports: 'import logging\nimport subprocess\n\nlogger = logging.getLogger(__name__)',
    vuln: (h) => ({
      body: `branch = ${h.in('branch')}\nif not branch.isidentifier():\n    logger.warning("suspicious branch name")\n@@head = subprocess.check_output("git rev-parse " + branch, shell=True)\n${h.json('head.decode()')}`,
    }),
    safe: (h) => ({
      body: `branch = ${h.in('branch')}\nif not branch.isidentifier():\n    logger.warning("suspicious branch name")\n    ${h.reject('bad branch')}\n@@head = subprocess.check_output("git rev-parse " + branch, shell=True)\n${h.json('head.decode()')}`,
    }),
  },
  {
    id: 'cmd-validator-function',
    family: 'command-injection',
    src: ALL('query', 'query', 'query'),
    imports: 'import os\nimport re',
    vuln: (h) => ({
      top: 'def looks_like_host(value):\n    return 0 < len(value) < 254',
      body: `host = ${h.in('host')}\nif not looks_like_host(host):\n    ${h.reject('bad host')}\n@@answer = os.popen("dig +short " + host).read()\n${h.json('answer')}`,
    }),
    safe: (h) => ({
      top: 'def is_hostname(value):\n    return re.fullmatch(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*", value) is not None',
      body: `host = ${h.in('host')}\nif not is_hostname(host):\n    ${h.reject('bad host')}\n@@answer = os.popen("dig +short " + host).read()\n${h.json('answer')}`,
    }),
  },

  // ---------------------------------------------------------------- code injection (incl. template injection)
  {
    id: 'code-eval-literal',
    family: 'code-injection',
    src: ALL('query', 'query', 'query'),
    imports: 'import ast',
    vuln: (h) => ({ body: `raw = ${h.in('values')}\n@@values = eval(raw)\n${h.json('sum(values)')}` }),
    safe: (h) => ({ body: `raw = ${h.in('values')}\n@@values = ast.literal_eval(raw)\n${h.json('sum(values)')}` }),
  },
  {
    id: 'code-exec-snippet',
    family: 'code-injection',
    method: 'post',
    src: ALL('json', 'json', 'json'),
    vuln: (h) => ({ body: `snippet = ${h.in('snippet')}\nscope = {}\n@@exec(snippet, scope)\n${h.json('str(scope.get("result"))')}` }),
    safe: (h) => ({
      top: 'SNIPPETS = {"tax": "result = 100 * 0.2", "discount": "result = 100 * 0.1"}',
      body: `snippet = SNIPPETS.get(${h.in('snippet')}, "result = 0")\nscope = {}\n@@exec(snippet, scope)\n${h.json('str(scope.get("result"))')}`,
    }),
  },
  {
    id: 'ssti-greeting',
    family: 'code-injection',
    src: ALL('query', 'query', 'query'),
    imports: 'from jinja2 import Template',
    vuln: (h) => ({
      body: `name = ${h.in('name')}\n@@page = Template("<p>Welcome back, " + name + "!</p>").render()\n${h.json('page')}`,
    }),
    safe: (h) => ({
      body: `name = ${h.in('name')}\n@@page = Template("<p>Welcome back, {{ name }}!</p>").render(name=name)\n${h.json('page')}`,
    }),
  },
  {
    id: 'ssti-render-string',
    family: 'code-injection',
    src: ALL('query', undefined, undefined),
    imports: 'from flask import render_template_string',
    vuln: (h) => ({ body: `title = ${h.in('title')}\n@@return render_template_string("<h1>" + title + "</h1>")` }),
    safe: (h) => ({ body: `title = ${h.in('title')}\n@@return render_template_string("<h1>{{ title }}</h1>", title=title)` }),
  },
  {
    id: 'code-compile-expr',
    family: 'code-injection',
    src: ALL('query', 'query', 'query'),
    imports: 'import re',
    vuln: (h) => ({
      body: `expr = ${h.in('expr')}\n@@code = compile(expr, "<formula>", "eval")\n${h.json('eval(code, {"__builtins__": {}})')}`,
    }),
    safe: (h) => ({
      body: `expr = ${h.in('expr')}\nif not re.fullmatch(r"[0-9+\\-*/ ().]{1,64}", expr):\n    ${h.reject('only arithmetic')}\n@@code = compile(expr, "<formula>", "eval")\n${h.json('eval(code, {"__builtins__": {}})')}`,
    }),
  },
  {
    id: 'code-import-plugin',
    family: 'code-injection',
    src: ALL('query', 'query', 'query'),
    imports: 'import importlib',
    vuln: (h) => ({
      body: `name = ${h.in('plugin')}\n@@module = importlib.import_module("plugins." + name)\n${h.json('module.__name__')}`,
    }),
    safe: (h) => ({
      top: 'PLUGINS = ("csv_export", "pdf_export")',
      body: `name = ${h.in('plugin')}\nif name not in PLUGINS:\n    ${h.reject('unknown plugin')}\n@@module = importlib.import_module("plugins." + name)\n${h.json('module.__name__')}`,
    }),
  },

  // ---------------------------------------------------------------- SQL injection
  {
    id: 'sql-sqlite-fstring',
    family: 'sql',
    src: ALL('query', 'query', 'query'),
    imports: 'import sqlite3',
    vuln: (h) => ({
      body: `email = ${h.in('email')}\nconn = sqlite3.connect("app.db")\n@@rows = conn.execute(f"SELECT id, name FROM users WHERE email = '{email}'").fetchall()\n${h.json('rows')}`,
    }),
    safe: (h) => ({
      body: `email = ${h.in('email')}\nconn = sqlite3.connect("app.db")\n@@rows = conn.execute("SELECT id, name FROM users WHERE email = ?", (email,)).fetchall()\n${h.json('rows')}`,
    }),
  },
  {
    id: 'sql-psycopg-percent',
    family: 'sql',
    src: ALL('query', 'query', 'query'),
    imports: 'import psycopg2',
    vuln: (h) => ({
      body: `city = ${h.in('city')}\nconn = psycopg2.connect("dbname=shop")\ncur = conn.cursor()\n@@cur.execute("SELECT * FROM stores WHERE city = '%s'" % city)\n${h.json('cur.fetchall()')}`,
    }),
    safe: (h) => ({
      body: `city = ${h.in('city')}\nconn = psycopg2.connect("dbname=shop")\ncur = conn.cursor()\n@@cur.execute("SELECT * FROM stores WHERE city = %s", (city,))\n${h.json('cur.fetchall()')}`,
    }),
  },
  {
    id: 'sql-format-method',
    family: 'sql',
    src: ALL('path', 'path', 'path'),
    imports: 'import sqlite3',
    vuln: (h) => ({
      body: `sku = ${h.in('sku')}\ncursor = sqlite3.connect("shop.db").cursor()\n@@cursor.execute("SELECT * FROM products WHERE sku = '{}'".format(sku))\n${h.json('cursor.fetchone()')}`,
    }),
    safe: (h) => ({
      body: `sku = ${h.in('sku')}\ncursor = sqlite3.connect("shop.db").cursor()\n@@cursor.execute("SELECT * FROM products WHERE sku = ?", [sku])\n${h.json('cursor.fetchone()')}`,
    }),
  },
  {
    id: 'sql-sqlalchemy-text',
    family: 'sql',
    src: ALL('query', 'query', 'query'),
    imports: 'from sqlalchemy import create_engine, text\n\nengine = create_engine("postgresql://app@localhost/app")',
    vuln: (h) => ({
      body: `tenant = ${h.in('tenant')}\nwith engine.connect() as conn:\n    @@result = conn.execute(text(f"SELECT * FROM invoices WHERE tenant = '{tenant}'"))\n    rows = [dict(r._mapping) for r in result]\n${h.json('rows')}`,
    }),
    safe: (h) => ({
      body: `tenant = ${h.in('tenant')}\nwith engine.connect() as conn:\n    @@result = conn.execute(text("SELECT * FROM invoices WHERE tenant = :tenant"), {"tenant": tenant})\n    rows = [dict(r._mapping) for r in result]\n${h.json('rows')}`,
    }),
  },
  {
    id: 'sql-order-by',
    family: 'sql',
    src: ALL('query', 'query', 'query'),
    imports: 'import sqlite3',
    vuln: (h) => ({
      body: `sort = ${h.in('sort')}\ndb = sqlite3.connect("orders.db")\n@@rows = db.execute(f"SELECT * FROM orders ORDER BY {sort} DESC LIMIT 50").fetchall()\n${h.json('rows')}`,
    }),
    safe: (h) => ({
      top: 'SORT_COLUMNS = {"date": "created_at", "total": "total_cents", "status": "status"}',
      body: `sort = SORT_COLUMNS.get(${h.in('sort')}, "created_at")\ndb = sqlite3.connect("orders.db")\n@@rows = db.execute(f"SELECT * FROM orders ORDER BY {sort} DESC LIMIT 50").fetchall()\n${h.json('rows')}`,
    }),
  },
  {
    id: 'sql-int-limit',
    family: 'sql',
    src: ALL('query', 'query', 'query'),
    imports: 'import sqlite3',
    vuln: (h) => ({
      body: `limit = ${h.in('limit')}\ndb = sqlite3.connect("blog.db")\n@@posts = db.execute("SELECT title FROM posts ORDER BY id DESC LIMIT " + limit).fetchall()\n${h.json('posts')}`,
    }),
    safe: (h) => ({
      body: `limit = int(${h.in('limit')})\ndb = sqlite3.connect("blog.db")\n@@posts = db.execute("SELECT title FROM posts ORDER BY id DESC LIMIT " + str(limit)).fetchall()\n${h.json('posts')}`,
    }),
  },
  {
    id: 'sql-repo-helper',
    family: 'sql',
    src: ALL('query', 'query', 'query'),
    imports: 'import sqlite3',
    vuln: (h) => ({
      top: 'def orders_by_status(status):\n    cur = sqlite3.connect("shop.db").cursor()\n    query = "SELECT id, total FROM orders WHERE status = \'" + status + "\'"\n    @@cur.execute(query)\n    return cur.fetchall()',
      body: `orders = orders_by_status(${h.in('status')})\n${h.json('orders')}`,
    }),
    safe: (h) => ({
      top: 'def orders_by_status(status):\n    cur = sqlite3.connect("shop.db").cursor()\n    query = "SELECT id, total FROM orders WHERE status = ?"\n    @@cur.execute(query, (status,))\n    return cur.fetchall()',
      body: `orders = orders_by_status(${h.in('status')})\n${h.json('orders')}`,
    }),
  },
  {
    id: 'sql-repository-class',
    family: 'sql',
    src: ALL('query', 'query', 'query'),
    imports: 'import sqlite3',
    vuln: (h) => ({
      top: 'class CustomerRepository:\n    def __init__(self, path):\n        self.conn = sqlite3.connect(path)\n\n    def by_country(self, country):\n        cursor = self.conn.cursor()\n        @@cursor.execute(f"SELECT * FROM customers WHERE country = \'{country}\'")\n        return cursor.fetchall()\n\n\nrepo = CustomerRepository("crm.db")',
      body: `customers = repo.by_country(${h.in('country')})\n${h.json('customers')}`,
    }),
    safe: (h) => ({
      top: 'class CustomerRepository:\n    def __init__(self, path):\n        self.conn = sqlite3.connect(path)\n\n    def by_country(self, country):\n        cursor = self.conn.cursor()\n        @@cursor.execute("SELECT * FROM customers WHERE country = ?", (country,))\n        return cursor.fetchall()\n\n\nrepo = CustomerRepository("crm.db")',
      body: `customers = repo.by_country(${h.in('country')})\n${h.json('customers')}`,
    }),
  },
  {
    id: 'sql-django-raw',
    family: 'sql',
    src: ALL(undefined, 'query', undefined),
    imports: 'from django.contrib.auth.models import User',
    vuln: (h) => ({
      body: `name = ${h.in('name')}\n@@users = User.objects.raw(f"SELECT * FROM auth_user WHERE username LIKE '%%{name}%%'")\n${h.json('[u.username for u in users]')}`,
    }),
    safe: (h) => ({
      body: `name = ${h.in('name')}\n@@users = User.objects.raw("SELECT * FROM auth_user WHERE username LIKE %s", [f"%{name}%"])\n${h.json('[u.username for u in users]')}`,
    }),
  },
  {
    id: 'sql-lib-module',
    family: 'sql',
    src: ALL('query', 'query', undefined),
    files: (side) => ({
      [`lib/sales_${side}.py`]:
        side === 'vuln'
          ? 'import sqlite3\n\n\ndef sales_for_region(region):\n    db = sqlite3.connect("sales.db")\n    return db.execute("SELECT sum(total) FROM sales WHERE region = \'" + region + "\'").fetchone()\n'
          : 'import sqlite3\n\n\ndef sales_for_region(region):\n    db = sqlite3.connect("sales.db")\n    return db.execute("SELECT sum(total) FROM sales WHERE region = ?", (region,)).fetchone()\n',
    }),
    vuln: (h) => ({
      imports: 'from ..lib.sales_vuln import sales_for_region',
      body: `@@total = sales_for_region(${h.in('region')})\n${h.json('total')}`,
    }),
    safe: (h) => ({
      imports: 'from ..lib.sales_safe import sales_for_region',
      body: `@@total = sales_for_region(${h.in('region')})\n${h.json('total')}`,
    }),
  },

  {
    id: 'sql-clauses-join',
    family: 'sql',
    src: ALL('query', 'query', 'query'),
    imports: 'import sqlite3',
    vuln: (h) => ({
      body: `name = ${h.in('name')}\nclauses = ["active = 1"]\nif name:\n    clauses.append(f"name LIKE '%{name}%'")\nsql = "SELECT id FROM members WHERE " + " AND ".join(clauses)\n@@rows = sqlite3.connect("club.db").execute(sql).fetchall()\n${h.json('rows')}`,
    }),
    safe: (h) => ({
      body: `name = ${h.in('name')}\nclauses, params = ["active = 1"], []\nif name:\n    clauses.append("name LIKE ?")\n    params.append(f"%{name}%")\nsql = "SELECT id FROM members WHERE " + " AND ".join(clauses)\n@@rows = sqlite3.connect("club.db").execute(sql, params).fetchall()\n${h.json('rows')}`,
    }),
  },

  // ---------------------------------------------------------------- XSS
  {
    id: 'xss-greeting',
    family: 'xss',
    src: ALL('query', 'query', 'query'),
    imports: 'import html',
    vuln: (h) => ({ body: `name = ${h.in('name')}\n@@${h.html('f"<h1>Hello, {name}!</h1>"')}` }),
    safe: (h) => ({ body: `name = ${h.in('name')}\n@@${h.html('f"<h1>Hello, {html.escape(name)}!</h1>"')}` }),
  },
  {
    id: 'xss-search-echo',
    family: 'xss',
    src: ALL('query', 'query', 'query'),
    vuln: (h) => ({ body: `term = ${h.in('q')}\n@@${h.html('"<p>No results for <b>" + term + "</b></p>"')}` }),
    safe: (h) => ({ body: `term = ${h.in('q')}\n@@${h.json('{"query": term, "results": []}')}` }),
  },
  {
    id: 'xss-markup',
    family: 'xss',
    src: ALL('cookie', 'cookie', 'cookie'),
    imports: 'from markupsafe import Markup, escape',
    vuln: (h) => ({ body: `theme = ${h.in('theme')}\n@@banner = Markup(f'<div class="{theme}">Welcome</div>')\n${h.html('str(banner)')}` }),
    safe: (h) => ({
      body: `theme = ${h.in('theme')}\n@@banner = Markup(f'<div class="{escape(theme)}">Welcome</div>')\n${h.html('str(banner)')}`,
    }),
  },
  {
    id: 'xss-pagination',
    family: 'xss',
    src: ALL('query', 'query', 'query'),
    vuln: (h) => ({ body: `page = ${h.in('page')}\n@@${h.html('f\'<a href="?page={page}">Next page</a>\'')}` }),
    safe: (h) => ({ body: `page = int(${h.in('page')}) + 1\n@@${h.html('f\'<a href="?page={page}">Next page</a>\'')}` }),
  },
  {
    id: 'xss-bio-bleach',
    family: 'xss',
    method: 'post',
    src: ALL('form', 'form', 'json'),
    imports: 'import bleach',
    vuln: (h) => ({ body: `bio = ${h.in('bio')}\ncard = '<section class="bio">' + bio + "</section>"\n@@${h.html('card')}` }),
    safe: (h) => ({
      body: `bio = ${h.in('bio')}\ncard = '<section class="bio">' + bleach.clean(bio, tags=["b", "i", "a"]) + "</section>"\n@@${h.html('card')}`,
    }),
  },
  {
    id: 'xss-banner-helper',
    family: 'xss',
    src: ALL('query', 'query', 'query'),
    imports: 'import html',
    vuln: (h) => ({
      top: 'def render_banner(message):\n    return f\'<div class="banner">{message}</div>\'',
      body: `page = render_banner(${h.in('msg')})\n@@${h.html('page')}`,
    }),
    safe: (h) => ({
      top: 'def render_banner(message):\n    return f\'<div class="banner">{html.escape(message)}</div>\'',
      body: `page = render_banner(${h.in('msg')})\n@@${h.html('page')}`,
    }),
  },
  {
    id: 'xss-tag-list',
    family: 'xss',
    src: ALL('query', 'query', 'query'),
    imports: 'from html import escape',
    vuln: (h) => ({
      body: `tags = ${h.in('tags')}.split(",")\nitems = "".join(f"<li>{t}</li>" for t in tags)\n@@${h.html('"<ul>" + items + "</ul>"')}`,
    }),
    safe: (h) => ({
      body: `tags = ${h.in('tags')}.split(",")\nitems = "".join(f"<li>{escape(t)}</li>" for t in tags)\n@@${h.html('"<ul>" + items + "</ul>"')}`,
    }),
  },
  {
    id: 'xss-not-found',
    family: 'xss',
    src: ALL('path', 'path', 'path'),
    imports: 'from urllib.parse import quote',
    vuln: (h) => ({ body: `slug = ${h.in('slug')}\n@@${h.html('"<h2>Article " + slug + " was not found</h2>"')}` }),
    safe: (h) => ({ body: `slug = ${h.in('slug')}\n@@${h.html('"<h2>Article " + quote(slug) + " was not found</h2>"')}` }),
  },
  {
    id: 'xss-django-format-html',
    family: 'xss',
    src: ALL(undefined, 'query', undefined),
    imports: 'from django.utils.html import format_html\nfrom django.utils.safestring import mark_safe',
    vuln: (h) => ({ body: `user = ${h.in('user')}\n@@greeting = mark_safe("<strong>" + user + "</strong>")\n${h.html('greeting')}` }),
    safe: (h) => ({ body: `user = ${h.in('user')}\n@@greeting = format_html("<strong>{}</strong>", user)\n${h.html('greeting')}` }),
  },

  // ---------------------------------------------------------------- path traversal
  {
    id: 'path-open-join',
    family: 'path-traversal',
    src: ALL('query', 'query', 'query'),
    imports: 'import os\n\nDOCS = "/srv/app/docs"',
    vuln: (h) => ({ body: `name = ${h.in('doc')}\n@@with open(os.path.join(DOCS, name)) as f:\n    text = f.read()\n${h.json('text')}` }),
    safe: (h) => ({
      body: `name = os.path.basename(${h.in('doc')})\n@@with open(os.path.join(DOCS, name)) as f:\n    text = f.read()\n${h.json('text')}`,
    }),
  },
  {
    id: 'path-download',
    family: 'path-traversal',
    src: ALL('query', 'query', 'query'),
    imports: 'import os\n\nUPLOADS = "/srv/uploads"',
    vuln: (h) => ({
      imports:
        h.framework === 'flask'
          ? 'from flask import send_file'
          : h.framework === 'fastapi'
            ? 'from fastapi.responses import FileResponse'
            : '',
      body:
        h.framework === 'flask'
          ? `name = ${h.in('file')}\n@@return send_file(os.path.join(UPLOADS, name))`
          : h.framework === 'fastapi'
            ? `name = ${h.in('file')}\n@@return FileResponse(os.path.join(UPLOADS, name))`
            : `name = ${h.in('file')}\n@@handle = open(os.path.join(UPLOADS, name), "rb")\nreturn HttpResponse(handle.read(), content_type="application/octet-stream")`,
    }),
    safe: (h) => ({
      imports:
        h.framework === 'flask'
          ? 'from flask import send_file\nfrom werkzeug.utils import secure_filename'
          : h.framework === 'fastapi'
            ? 'from fastapi.responses import FileResponse\nfrom werkzeug.utils import secure_filename'
            : 'from werkzeug.utils import secure_filename',
      body:
        h.framework === 'flask'
          ? `name = secure_filename(${h.in('file')})\n@@return send_file(os.path.join(UPLOADS, name))`
          : h.framework === 'fastapi'
            ? `name = secure_filename(${h.in('file')})\n@@return FileResponse(os.path.join(UPLOADS, name))`
            : `name = secure_filename(${h.in('file')})\n@@handle = open(os.path.join(UPLOADS, name), "rb")\nreturn HttpResponse(handle.read(), content_type="application/octet-stream")`,
    }),
  },
  {
    id: 'path-realpath-check',
    family: 'path-traversal',
    src: ALL('path', 'path', 'path'),
    imports: 'import os\n\nBASE = os.path.realpath("/srv/reports")',
    vuln: (h) => ({
      body: `target = os.path.realpath(os.path.join(BASE, ${h.in('report')}))\n@@with open(target, encoding="utf-8") as fh:\n    content = fh.read()\n${h.json('content')}`,
    }),
    safe: (h) => ({
      body: `target = os.path.realpath(os.path.join(BASE, ${h.in('report')}))\nif not target.startswith(BASE + os.sep):\n    ${h.reject('outside the reports folder')}\n@@with open(target, encoding="utf-8") as fh:\n    content = fh.read()\n${h.json('content')}`,
    }),
  },
  {
    id: 'path-pathlib',
    family: 'path-traversal',
    src: ALL('query', 'query', 'query'),
    imports: 'from pathlib import Path\n\nTEMPLATES = Path("/srv/templates").resolve()',
    vuln: (h) => ({ body: `page = TEMPLATES / ${h.in('page')}\n@@text = page.read_text()\n${h.json('text')}` }),
    safe: (h) => ({
      body: `page = (TEMPLATES / ${h.in('page')}).resolve()\nif not page.is_relative_to(TEMPLATES):\n    ${h.reject('bad page')}\n@@text = page.read_text()\n${h.json('text')}`,
    }),
  },
  {
    id: 'path-remove-regex',
    family: 'path-traversal',
    method: 'post',
    src: ALL('form', 'form', 'form'),
    imports: 'import os\nimport re',
    vuln: (h) => ({ body: `name = ${h.in('avatar')}\n@@os.remove(f"/srv/avatars/{name}")\n${h.json('name')}` }),
    safe: (h) => ({
      body: `name = ${h.in('avatar')}\nif not re.fullmatch(r"[a-f0-9]{32}\\.png", name):\n    ${h.reject('bad avatar name')}\n@@os.remove(f"/srv/avatars/{name}")\n${h.json('name')}`,
    }),
  },
  {
    id: 'path-locale-allowlist',
    family: 'path-traversal',
    src: ALL('header', 'header', 'header'),
    imports: 'import json',
    vuln: (h) => ({
      body: `lang = ${h.in('lang')} or "en"\n@@with open(f"locales/{lang}.json", encoding="utf-8") as fh:\n    messages = json.load(fh)\n${h.json('messages')}`,
    }),
    safe: (h) => ({
      top: 'LOCALES = ["en", "fr", "de"]',
      body: `lang = ${h.in('lang')}\nif lang not in LOCALES:\n    lang = "en"\n@@with open(f"locales/{lang}.json", encoding="utf-8") as fh:\n    messages = json.load(fh)\n${h.json('messages')}`,
    }),
  },

  {
    id: 'path-normpath',
    family: 'path-traversal',
    src: ALL('query', 'query', 'query'),
    imports: 'import os\n\nSTATIC = "/srv/static"',
    vuln: (h) => ({
      body: `rel = os.path.normpath(${h.in('asset')})\n@@with open(os.path.join(STATIC, rel), "rb") as fh:\n    data = fh.read()\n${h.json('len(data)')}`,
    }),
    safe: (h) => ({
      body: `rel = os.path.normpath(${h.in('asset')})\nif rel.startswith("..") or os.path.isabs(rel):\n    ${h.reject('bad asset path')}\n@@with open(os.path.join(STATIC, rel), "rb") as fh:\n    data = fh.read()\n${h.json('len(data)')}`,
    }),
  },

  {
    id: 'path-relpath-check',
    family: 'path-traversal',
    src: ALL('query', 'query', 'query'),
    imports: 'import os\n\nSHARE = "/srv/share"',
    vuln: (h) => ({
      body: `target = os.path.abspath(os.path.join(SHARE, ${h.in('file')}))\n@@with open(target, "rb") as fh:\n    data = fh.read()\n${h.json('len(data)')}`,
    }),
    safe: (h) => ({
      body: `target = os.path.abspath(os.path.join(SHARE, ${h.in('file')}))\nrel = os.path.relpath(target, SHARE)\nif rel.startswith(".."):\n    ${h.reject('outside the share')}\n@@with open(target, "rb") as fh:\n    data = fh.read()\n${h.json('len(data)')}`,
    }),
  },

  // ---------------------------------------------------------------- deserialization
  {
    id: 'deser-pickle-cookie',
    family: 'deserialization',
    src: ALL('cookie', 'cookie', 'cookie'),
    imports: 'import base64\nimport json\nimport pickle',
    vuln: (h) => ({ body: `blob = base64.b64decode(${h.in('cart')})\n@@cart = pickle.loads(blob)\n${h.json('cart')}` }),
    safe: (h) => ({ body: `blob = base64.b64decode(${h.in('cart')})\n@@cart = json.loads(blob)\n${h.json('cart')}` }),
  },
  {
    id: 'deser-yaml-loader',
    family: 'deserialization',
    method: 'post',
    src: ALL('form', 'form', 'json'),
    imports: 'import yaml',
    vuln: (h) => ({
      body: `doc = ${h.in('manifest')}\n@@manifest = yaml.load(doc, Loader=yaml.Loader)\n${h.json('manifest.get("name")')}`,
    }),
    safe: (h) => ({ body: `doc = ${h.in('manifest')}\n@@manifest = yaml.safe_load(doc)\n${h.json('manifest.get("name")')}` }),
  },
  {
    id: 'deser-yaml-default',
    family: 'deserialization',
    method: 'post',
    src: ALL('json', 'json', 'json'),
    imports: 'import yaml',
    vuln: (h) => ({ body: `config = ${h.in('config')}\n@@data = yaml.load(config)\n${h.json('sorted(data)')}` }),
    safe: (h) => ({ body: `config = ${h.in('config')}\n@@data = yaml.load(config, Loader=yaml.SafeLoader)\n${h.json('sorted(data)')}` }),
  },
  {
    id: 'deser-jsonpickle',
    family: 'deserialization',
    method: 'post',
    src: ALL('form', 'form', 'form'),
    imports: 'import json\nimport jsonpickle',
    vuln: (h) => ({ body: `state = ${h.in('state')}\n@@restored = jsonpickle.decode(state)\n${h.json('str(restored)')}` }),
    safe: (h) => ({ body: `state = ${h.in('state')}\n@@restored = json.loads(state)\n${h.json('str(restored)')}` }),
  },

  // ---------------------------------------------------------------- SSRF
  {
    id: 'ssrf-requests-preview',
    family: 'ssrf',
    src: ALL('query', 'query', 'query'),
    imports: 'from urllib.parse import urlparse\n\nimport requests',
    vuln: (h) => ({ body: `url = ${h.in('url')}\n@@resp = requests.get(url, timeout=5)\n${h.json('resp.status_code')}` }),
    safe: (h) => ({
      top: 'PREVIEW_HOSTS = {"github.com", "gitlab.com"}',
      body: `url = ${h.in('url')}\nif urlparse(url).hostname not in PREVIEW_HOSTS:\n    ${h.reject('host not allowed')}\n@@resp = requests.get(url, timeout=5)\n${h.json('resp.status_code')}`,
    }),
  },
  {
    id: 'ssrf-urlopen-fixed',
    family: 'ssrf',
    src: ALL('query', 'query', 'query'),
    imports: 'from urllib.parse import quote\nfrom urllib.request import urlopen',
    vuln: (h) => ({ body: `feed = ${h.in('feed')}\n@@data = urlopen(feed, timeout=5).read()\n${h.json('len(data)')}` }),
    safe: (h) => ({
      body: `feed = ${h.in('feed')}\n@@data = urlopen("https://feeds.example.com/v1/" + quote(feed, safe=""), timeout=5).read()\n${h.json('len(data)')}`,
    }),
  },
  {
    id: 'ssrf-httpx-prefix',
    family: 'ssrf',
    method: 'post',
    src: ALL('form', 'form', 'json'),
    imports: 'import httpx',
    vuln: (h) => ({ body: `hook = ${h.in('hook')}\n@@r = httpx.post(hook, json={"event": "ping"})\n${h.json('r.status_code')}` }),
    safe: (h) => ({
      body: `hook = ${h.in('hook')}\nif not hook.startswith("https://hooks.example.com/"):\n    ${h.reject('unsupported webhook host')}\n@@r = httpx.post(hook, json={"event": "ping"})\n${h.json('r.status_code')}`,
    }),
  },
  {
    id: 'ssrf-webhook-registry',
    family: 'ssrf',
    method: 'post',
    src: ALL('json', 'json', 'json'),
    imports: 'import requests',
    vuln: (h) => ({ body: `target = ${h.in('callback')}\n@@requests.post(target, json={"ok": True}, timeout=5)\n${h.json('True')}` }),
    safe: (h) => ({
      top: 'WEBHOOKS = {"slack": "https://hooks.slack.com/services/T0/B0/XX", "teams": "https://example.webhook.office.com/x"}',
      body: `target = WEBHOOKS.get(${h.in('callback')})\nif target is None:\n    ${h.reject('unknown webhook')}\n@@requests.post(target, json={"ok": True}, timeout=5)\n${h.json('True')}`,
    }),
  },

  // ---------------------------------------------------------------- open redirect
  {
    id: 'redirect-next',
    family: 'open-redirect',
    src: ALL('query', 'query', 'query'),
    vuln: (h) => ({ body: `next_url = ${h.in('next')}\n@@${h.redirect('next_url')}` }),
    safe: (h) => ({
      body: `next_url = ${h.in('next')}\nif not next_url.startswith("/") or next_url.startswith("//"):\n    next_url = "/"\n@@${h.redirect('next_url')}`,
    }),
  },
  {
    id: 'redirect-urlparse',
    family: 'open-redirect',
    src: ALL('query', 'query', 'query'),
    imports: 'from urllib.parse import urlparse',
    vuln: (h) => ({ body: `target = ${h.in('return_to')}\n@@${h.redirect('target')}` }),
    safe: (h) => ({
      body: `target = ${h.in('return_to')}\nparsed = urlparse(target)\nif parsed.netloc or parsed.scheme:\n    ${h.reject('external redirect')}\n@@${h.redirect('target')}`,
    }),
  },
  {
    id: 'redirect-allowed-host',
    family: 'open-redirect',
    src: ALL(undefined, 'query', undefined),
    imports: 'from django.utils.http import url_has_allowed_host_and_scheme',
    vuln: (h) => ({ body: `target = ${h.in('next')}\n@@${h.redirect('target')}` }),
    safe: (h) => ({
      body: `target = ${h.in('next')}\nif not url_has_allowed_host_and_scheme(target, allowed_hosts={"app.example.com"}, require_https=True):\n    target = "/"\n@@${h.redirect('target')}`,
    }),
  },
  {
    id: 'redirect-campaign',
    family: 'open-redirect',
    src: ALL('query', 'query', 'query'),
    vuln: (h) => ({ body: `dest = ${h.in('dest')}\n@@${h.redirect('dest + "?utm_source=newsletter"')}` }),
    safe: (h) => ({
      top: 'CAMPAIGNS = {"spring": "/sale/spring", "docs": "/docs/start"}',
      body: `dest = CAMPAIGNS.get(${h.in('dest')}, "/")\n@@${h.redirect('dest + "?utm_source=newsletter"')}`,
    }),
  },
  {
    id: 'redirect-lang-prefix',
    family: 'open-redirect',
    src: ALL('path', 'path', 'path'),
    vuln: (h) => ({ body: `lang = ${h.in('lang')}\n@@${h.redirect('lang + "/home"')}` }),
    safe: (h) => ({ body: `lang = ${h.in('lang')}\n@@${h.redirect('"/site/" + lang + "/home"')}` }),
  },

  // ---------------------------------------------------------------- mass assignment (prototype-pollution family)
  {
    id: 'mass-setattr-loop',
    family: 'prototype-pollution',
    method: 'post',
    src: ALL('json', 'json', 'json'),
    vuln: (h) => ({
      top: 'class Account:\n    def __init__(self):\n        self.name = "ada"\n        self.is_admin = False\n\n\naccount = Account()',
      body: `changes = ${h.body()}\nfor key, value in dict(changes).items():\n    @@setattr(account, key, value)\n${h.json('vars(account)')}`,
    }),
    safe: (h) => ({
      top: 'EDITABLE = {"name", "email"}\n\n\nclass Account:\n    def __init__(self):\n        self.name = "ada"\n        self.is_admin = False\n\n\naccount = Account()',
      body: `changes = ${h.body()}\nfor key, value in dict(changes).items():\n    if key not in EDITABLE:\n        continue\n    @@setattr(account, key, value)\n${h.json('vars(account)')}`,
    }),
  },
  {
    id: 'mass-dict-update',
    family: 'prototype-pollution',
    method: 'post',
    src: ALL('json', 'json', 'json'),
    vuln: (h) => ({
      top: 'class Profile:\n    def __init__(self):\n        self.display_name = ""\n        self.role = "member"\n\n\nprofile = Profile()',
      body: `data = ${h.body()}\n@@profile.__dict__.update(data)\n${h.json('vars(profile)')}`,
    }),
    safe: (h) => ({
      top: 'class Profile:\n    def __init__(self):\n        self.display_name = ""\n        self.role = "member"\n\n\nprofile = Profile()',
      body: `data = ${h.body()}\n@@profile.__dict__.update({"display_name": str(len(data))})\n${h.json('vars(profile)')}`,
    }),
  },

  // ---------------------------------------------------------------- ReDoS
  {
    id: 'redos-search',
    family: 'redos',
    src: ALL('query', 'query', 'query'),
    imports: 'import re',
    vuln: (h) => ({
      top: 'PRODUCTS = ["red shirt", "blue jeans", "green hat"]',
      body: `pattern = ${h.in('q')}\n@@matches = [p for p in PRODUCTS if re.search(pattern, p)]\n${h.json('matches')}`,
    }),
    safe: (h) => ({
      top: 'PRODUCTS = ["red shirt", "blue jeans", "green hat"]',
      body: `pattern = ${h.in('q')}\n@@matches = [p for p in PRODUCTS if re.search(re.escape(pattern), p)]\n${h.json('matches')}`,
    }),
  },
  {
    id: 'redos-prefix-compile',
    family: 'redos',
    src: ALL('query', 'query', 'query'),
    imports: 'import re',
    vuln: (h) => ({
      top: 'KEYS = ["user:1", "user:2", "order:7"]',
      body: `prefix = ${h.in('prefix')}\n@@rx = re.compile(f"^{prefix}:")\n${h.json('[k for k in KEYS if rx.match(k)]')}`,
    }),
    safe: (h) => ({
      top: 'KEYS = ["user:1", "user:2", "order:7"]',
      body: `prefix = ${h.in('prefix')}\n@@rx = re.compile(f"^{re.escape(prefix)}:")\n${h.json('[k for k in KEYS if rx.match(k)]')}`,
    }),
  },
  {
    id: 'redos-validator-helper',
    family: 'redos',
    method: 'post',
    src: ALL('form', 'form', 'json'),
    imports: 'import re',
    vuln: (h) => ({
      top: 'def matches_rule(rule, value):\n    @@return re.fullmatch(rule, value) is not None',
      body: `ok = matches_rule(${h.in('rule')}, "sample-value")\n${h.json('ok')}`,
    }),
    safe: (h) => ({
      top: 'RULES = {"slug": r"[a-z0-9-]+", "digits": r"[0-9]+"}\n\n\ndef matches_rule(rule, value):\n    @@return re.fullmatch(rule, value) is not None',
      body: `ok = matches_rule(RULES.get(${h.in('rule')}, r"[a-z]+"), "sample-value")\n${h.json('ok')}`,
    }),
  },

  // ---------------------------------------------------------------- families found by pattern rules
  {
    id: 'crypto-password-md5',
    family: 'weak-crypto',
    method: 'post',
    src: ALL('form', 'form', undefined),
    imports: 'import hashlib\nimport os',
    vuln: (h) => ({ body: `password = ${h.in('password')}\n@@digest = hashlib.md5(password.encode()).hexdigest()\n${h.json('digest')}` }),
    safe: (h) => ({
      body: `password = ${h.in('password')}\nsalt = os.urandom(16)\n@@digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000).hex()\n${h.json('digest')}`,
    }),
  },
  {
    id: 'random-reset-token',
    family: 'weak-random',
    method: 'post',
    src: ALL('form', 'form', undefined),
    imports: 'import random\nimport secrets\nimport string',
    vuln: (h) => ({
      body: `email = ${h.in('email')}\n@@token = "".join(random.choice(string.ascii_letters) for _ in range(32))\n${h.json('{"email": email, "sent": bool(token)}')}`,
    }),
    safe: (h) => ({
      body: `email = ${h.in('email')}\n@@token = secrets.token_urlsafe(32)\n${h.json('{"email": email, "sent": bool(token)}')}`,
    }),
  },
  {
    id: 'secrets-api-key',
    family: 'secrets',
    src: ALL('query', 'query', undefined),
    imports: 'import os\n\nimport requests',
    vuln: (h) => ({
      body: `city = ${h.in('city')}\n@@api_key = "sk_live_51HxQeJ2eZvKYlo2C8tK0aQ9Xz"\nresp = requests.get("https://api.weather.example.com/v1", params={"q": city, "key": api_key}, timeout=5)\n${h.json('resp.json()')}`,
    }),
    safe: (h) => ({
      body: `city = ${h.in('city')}\n@@api_key = os.environ["WEATHER_API_KEY"]\nresp = requests.get("https://api.weather.example.com/v1", params={"q": city, "key": api_key}, timeout=5)\n${h.json('resp.json()')}`,
    }),
  },
  {
    id: 'xxe-lxml-entities',
    family: 'xxe',
    method: 'post',
    src: ALL('form', 'form', undefined),
    imports: 'from lxml import etree',
    vuln: (h) => ({
      body: `xml = ${h.in('xml')}\n@@parser = etree.XMLParser(resolve_entities=True)\nroot = etree.fromstring(xml.encode(), parser)\n${h.json('root.tag')}`,
    }),
    safe: (h) => ({
      body: `xml = ${h.in('xml')}\n@@parser = etree.XMLParser(resolve_entities=False, no_network=True)\nroot = etree.fromstring(xml.encode(), parser)\n${h.json('root.tag')}`,
    }),
  },
]
