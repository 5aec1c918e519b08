// JavaScript / TypeScript scenarios of the taint suite. Each is a vulnerable handler and its safe twin:
// the twin fixes the flaw the way real code does (validation, an allow-list, a sanitizer, a safer API).
// `h` renders framework-specific pieces: h.in(name) reads request input, h.json / h.html / h.reject /
// h.redirect write responses. `@@` marks the sink line (the generator turns it into a label comment).
// `src` lists the frameworks a scenario is generated for, and which request part feeds it there.

const ALL = (express, fastify, next) => ({ express, fastify, next })

export const JS_SCENARIOS = [
  // ---------------------------------------------------------------- command injection
  {
    id: 'cmd-ping-concat',
    family: 'command-injection',
    src: ALL('query', 'query', 'query'),
    imports: `import { exec } from 'node:child_process'\nimport { promisify } from 'node:util'\n\nconst run = promisify(exec)`,
    vuln: (h) => ({
      body: `const host = ${h.in('host')}\n@@const { stdout } = await run('ping -c 1 ' + host)\n${h.json('{ output: stdout }')}`,
    }),
    safe: (h) => ({
      body: `const host = ${h.in('host')}\nif (!/^[a-z0-9.-]{1,253}$/i.test(host)) {\n  ${h.reject('invalid host')}\n}\n@@const { stdout } = await run('ping -c 1 ' + host)\n${h.json('{ output: stdout }')}`,
    }),
  },
  {
    id: 'cmd-convert-execsync',
    family: 'command-injection',
    method: 'post',
    src: ALL('body', 'body', 'body'),
    imports: `import { execSync, execFileSync } from 'node:child_process'`,
    vuln: (h) => ({
      body: `const { file, width } = ${h.body()}\n@@const out = execSync(\`convert uploads/\${file} -resize \${width} thumbs/\${file}\`)\n${h.json('{ ok: true, bytes: out.length }')}`,
    }),
    safe: (h) => ({
      body: `const { file, width } = ${h.body()}\n@@const out = execFileSync('convert', [\`uploads/\${file}\`, '-resize', String(width), \`thumbs/\${file}\`])\n${h.json('{ ok: true, bytes: out.length }')}`,
    }),
  },
  {
    id: 'cmd-tar-spawn-shell',
    family: 'command-injection',
    method: 'post',
    src: ALL('body', 'body', 'body'),
    imports: `import { spawn } from 'node:child_process'`,
    vuln: (h) => ({
      body: `const dir = ${h.in('dir')}\n@@const child = spawn('tar', ['-czf', '/tmp/backup.tgz', dir], { shell: true })\n${h.json('{ pid: child.pid }')}`,
    }),
    safe: (h) => ({
      body: `const dir = ${h.in('dir')}\n@@const child = spawn('tar', ['-czf', '/tmp/backup.tgz', '--', dir], { shell: false })\n${h.json('{ pid: child.pid }')}`,
    }),
  },
  {
    id: 'cmd-git-helper',
    family: 'command-injection',
    src: ALL('query', 'query', 'query'),
    imports: `import { execSync } from 'node:child_process'`,
    vuln: (h) => ({
      top: `function gitLog(ref) {\n  @@return execSync('git log --oneline -n 20 ' + ref, { cwd: '/srv/repo' }).toString()\n}`,
      body: `const ref = ${h.in('ref')}\nconst log = gitLog(ref)\n${h.json('{ log }')}`,
    }),
    safe: (h) => ({
      top: `const REF = /^[\\w./-]{1,100}$/\n\nfunction gitLog(ref) {\n  @@return execSync('git log --oneline -n 20 ' + ref, { cwd: '/srv/repo' }).toString()\n}`,
      body: `const ref = ${h.in('ref')}\nif (!REF.test(ref) || ref.startsWith('-')) {\n  ${h.reject('bad ref')}\n}\nconst log = gitLog(ref)\n${h.json('{ log }')}`,
    }),
  },
  {
    id: 'cmd-du-quote',
    family: 'command-injection',
    src: ALL('query', 'header', 'query'),
    imports: `import { exec } from 'node:child_process'\nimport { promisify } from 'node:util'\nimport { quote } from 'shell-quote'\n\nconst sh = promisify(exec)`,
    vuln: (h) => ({
      body: `const target = ${h.in('path')}\n@@const { stdout } = await sh(\`du -sh /srv/data/\${target}\`)\n${h.json('{ usage: stdout.trim() }')}`,
    }),
    safe: (h) => ({
      body: `const target = ${h.in('path')}\n@@const { stdout } = await sh(\`du -sh /srv/data/\${quote([target])}\`)\n${h.json('{ usage: stdout.trim() }')}`,
    }),
  },
  {
    id: 'cmd-job-object',
    family: 'command-injection',
    method: 'post',
    src: ALL('body', 'body', 'body'),
    imports: `import { exec } from 'node:child_process'`,
    vuln: (h) => ({
      body: `const job = { tool: 'zip', archive: 'export.zip', target: ${h.in('folder')} }\n@@exec(\`\${job.tool} -r \${job.archive} \${job.target}\`)\n${h.json('{ queued: true }')}`,
    }),
    safe: (h) => ({
      body: `const job = { tool: 'zip', archive: 'export.zip', note: ${h.in('folder')} }\n@@exec(\`\${job.tool} -r \${job.archive} /srv/exports/current\`)\n${h.json('{ queued: true, note: job.note }')}`,
    }),
  },
  {
    id: 'cmd-backup-class',
    family: 'command-injection',
    method: 'post',
    src: ALL('body', 'body', 'body'),
    imports: `import { exec } from 'node:child_process'`,
    vuln: (h) => ({
      top: `class BackupService {\n  constructor(dir) {\n    this.dir = dir\n  }\n\n  start() {\n    @@return exec('tar -czf /backups/latest.tgz ' + this.dir)\n  }\n}`,
      body: `const service = new BackupService(${h.in('dir')})\nservice.start()\n${h.json('{ started: true }')}`,
    }),
    safe: (h) => ({
      top: `const BACKUP_DIRS = { uploads: '/srv/uploads', db: '/srv/db-dumps' }\n\nclass BackupService {\n  constructor(dir) {\n    this.dir = dir\n  }\n\n  start() {\n    @@return exec('tar -czf /backups/latest.tgz ' + this.dir)\n  }\n}`,
      body: `const service = new BackupService(BACKUP_DIRS[${h.in('dir')}] ?? BACKUP_DIRS.uploads)\nservice.start()\n${h.json('{ started: true }')}`,
    }),
  },
  {
    id: 'cmd-users-foreach',
    family: 'command-injection',
    src: ALL('query', 'query', 'query'),
    imports: `import { execSync } from 'node:child_process'`,
    vuln: (h) => ({
      body: `const names = String(${h.in('users')}).split(',')\nconst groups = []\nnames.forEach((name) => {\n  @@groups.push(execSync('id -Gn ' + name).toString())\n})\n${h.json('{ groups }')}`,
    }),
    safe: (h) => ({
      top: `const KNOWN_USERS = new Set(['deploy', 'www-data', 'backup'])`,
      body: `const names = String(${h.in('users')}).split(',')\nconst groups = []\nnames.forEach((name) => {\n  if (!KNOWN_USERS.has(name)) return\n  @@groups.push(execSync('id -Gn ' + name).toString())\n})\n${h.json('{ groups }')}`,
    }),
  },
  {
    id: 'cmd-kill-pid',
    family: 'command-injection',
    method: 'post',
    src: ALL('params', 'params', 'params'),
    imports: `import { execSync } from 'node:child_process'`,
    vuln: (h) => ({
      body: `const pid = ${h.in('pid')}\n@@execSync('kill -HUP ' + pid)\n${h.json('{ signalled: pid }')}`,
    }),
    safe: (h) => ({
      body: `const pid = parseInt(${h.in('pid')}, 10)\nif (Number.isNaN(pid)) {\n  ${h.reject('pid must be a number')}\n}\n@@execSync('kill -HUP ' + pid)\n${h.json('{ signalled: pid }')}`,
    }),
  },
  {
    id: 'cmd-lib-module',
    family: 'command-injection',
    method: 'post',
    src: ALL('body', 'body', undefined),
    files: (side) => ({
      [`lib/media-${side}.js`]:
        side === 'vuln'
          ? `import { exec } from 'node:child_process'\n\nexport function transcode(input, format) {\n  const cmd = \`ffmpeg -i /srv/media/\${input} /srv/out/clip.\${format}\`\n  return exec(cmd)\n}\n`
          : `import { execFile } from 'node:child_process'\n\nexport function transcode(input, format) {\n  return execFile('ffmpeg', ['-i', \`/srv/media/\${input}\`, \`/srv/out/clip.\${format}\`])\n}\n`,
    }),
    vuln: (h) => ({
      imports: `import { transcode } from '../lib/media-vuln.js'`,
      body: `const { input, format } = ${h.body()}\n@@transcode(input, format)\n${h.json('{ queued: true }')}`,
    }),
    safe: (h) => ({
      imports: `import { transcode } from '../lib/media-safe.js'`,
      body: `const { input, format } = ${h.body()}\n@@transcode(input, format)\n${h.json('{ queued: true }')}`,
    }),
  },

  {
    id: 'cmd-sh-c-args',
    family: 'command-injection',
    method: 'post',
    src: ALL('body', 'body', 'body'),
    imports: `import { execFile, spawn } from 'node:child_process'`,
    vuln: (h) => ({
      body: `const { pattern } = ${h.body()}\n@@const child = spawn('sh', ['-c', \`grep -r \${pattern} /srv/logs | tail -n 100\`])\n${h.json('{ pid: child.pid }')}`,
    }),
    safe: (h) => ({
      body: `const { pattern } = ${h.body()}\n@@const child = spawn('grep', ['-r', '--', pattern, '/srv/logs'])\n${h.json('{ pid: child.pid }')}`,
    }),
  },
  {
    id: 'cmd-guard-no-return',
    family: 'command-injection',
    src: ALL('query', 'query', 'query'),
    imports: `import { execSync } from 'node:child_process'`,
    vuln: (h) => ({
      body: `const branch = ${h.in('branch')}\nif (!/^[\\w.-]+$/.test(branch)) {\n  console.warn('suspicious branch name', branch)\n}\n@@const head = execSync('git rev-parse ' + branch).toString()\n${h.json('{ head }')}`,
    }),
    safe: (h) => ({
      body: `const branch = ${h.in('branch')}\nif (!/^[\\w.-]+$/.test(branch)) {\n  console.warn('suspicious branch name', branch)\n  ${h.reject('bad branch')}\n}\n@@const head = execSync('git rev-parse ' + branch).toString()\n${h.json('{ head }')}`,
    }),
  },
  {
    id: 'cmd-validator-function',
    family: 'command-injection',
    src: ALL('query', 'query', 'query'),
    imports: `import { execSync } from 'node:child_process'`,
    vuln: (h) => ({
      top: `function looksLikeHost(value) {\n  return value.length > 0 && value.length < 254\n}`,
      body: `const host = ${h.in('host')}\nif (!looksLikeHost(host)) {\n  ${h.reject('bad host')}\n}\n@@const out = execSync(\`dig +short \${host}\`).toString()\n${h.json('{ out }')}`,
    }),
    safe: (h) => ({
      top: `function isHostname(value) {\n  return /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(value)\n}`,
      body: `const host = ${h.in('host')}\nif (!isHostname(host)) {\n  ${h.reject('bad host')}\n}\n@@const out = execSync(\`dig +short \${host}\`).toString()\n${h.json('{ out }')}`,
    }),
  },
  {
    id: 'cmd-cache-map',
    family: 'command-injection',
    src: ALL('query', 'query', 'query'),
    imports: `import { exec } from 'node:child_process'`,
    vuln: (h) => ({
      top: `const lastCommand = new Map()`,
      body: `lastCommand.set('user', ${h.in('cmd')})\n@@exec('nice -n 10 ' + lastCommand.get('user'))\n${h.json('{ ok: true }')}`,
    }),
    safe: (h) => ({
      top: `const lastCommand = new Map()\nconst PRESETS = { disk: 'df -h', load: 'uptime' }`,
      body: `lastCommand.set('user', PRESETS[${h.in('cmd')}] ?? PRESETS.load)\n@@exec('nice -n 10 ' + lastCommand.get('user'))\n${h.json('{ ok: true }')}`,
    }),
  },

  // ---------------------------------------------------------------- code injection
  {
    id: 'code-calc-eval',
    family: 'code-injection',
    src: ALL('query', 'query', 'query'),
    vuln: (h) => ({
      body: `const expr = String(${h.in('expr')})\n@@const value = eval(expr)\n${h.json('{ value }')}`,
    }),
    safe: (h) => ({
      body: `const expr = String(${h.in('expr')})\nif (!/^[0-9+\\-*/ ().]{1,64}$/.test(expr)) {\n  ${h.reject('only arithmetic')}\n}\n@@const value = eval(expr)\n${h.json('{ value }')}`,
    }),
  },
  {
    id: 'code-filter-function',
    family: 'code-injection',
    src: ALL('query', 'query', 'query'),
    top: '',
    vuln: (h) => ({
      top: `const rows = [{ id: 1, price: 10 }, { id: 2, price: 25 }]`,
      body: `const field = ${h.in('sort')}\n@@const byField = new Function('a', 'b', \`return a.\${field} - b.\${field}\`)\n${h.json('[...rows].sort(byField)')}`,
    }),
    safe: (h) => ({
      top: `const rows = [{ id: 1, price: 10 }, { id: 2, price: 25 }]\nconst SORTABLE = ['id', 'price']`,
      body: `const requested = ${h.in('sort')}\nconst field = SORTABLE.includes(requested) ? requested : 'id'\n@@const byField = new Function('a', 'b', \`return a.\${field} - b.\${field}\`)\n${h.json('[...rows].sort(byField)')}`,
    }),
  },
  {
    id: 'code-vm-template',
    family: 'code-injection',
    method: 'post',
    src: ALL('body', 'body', 'body'),
    imports: `import vm from 'node:vm'`,
    vuln: (h) => ({
      body: `const formula = ${h.in('formula')}\n@@const total = vm.runInNewContext(formula, { price: 100, qty: 3 })\n${h.json('{ total }')}`,
    }),
    safe: (h) => ({
      top: `const FORMULAS = { gross: 'price * qty', net: 'price * qty * 0.8' }`,
      body: `const formula = FORMULAS[${h.in('formula')}] ?? FORMULAS.gross\n@@const total = vm.runInNewContext(formula, { price: 100, qty: 3 })\n${h.json('{ total }')}`,
    }),
  },
  {
    id: 'code-json-eval',
    family: 'code-injection',
    method: 'post',
    src: ALL('body', 'body', 'body'),
    vuln: (h) => ({
      body: `const raw = ${h.in('settings')}\n@@const settings = eval('(' + raw + ')')\n${h.json('{ saved: Object.keys(settings) }')}`,
    }),
    safe: (h) => ({
      body: `const raw = ${h.in('settings')}\n@@const settings = JSON.parse(raw)\n${h.json('{ saved: Object.keys(settings) }')}`,
    }),
  },
  {
    id: 'code-plugin-import',
    family: 'code-injection',
    src: ALL('query', 'query', 'query'),
    vuln: (h) => ({
      body: `const name = ${h.in('plugin')}\n@@const plugin = await import(\`../plugins/\${name}.js\`)\n${h.json('{ loaded: plugin.default.name }')}`,
    }),
    safe: (h) => ({
      top: `const PLUGINS = new Set(['csv', 'xlsx', 'pdf'])`,
      body: `const name = ${h.in('plugin')}\nif (!PLUGINS.has(name)) {\n  ${h.reject('unknown plugin')}\n}\n@@const plugin = await import(\`../plugins/\${name}.js\`)\n${h.json('{ loaded: plugin.default.name }')}`,
    }),
  },

  // ---------------------------------------------------------------- SQL injection
  {
    id: 'sql-pg-concat',
    family: 'sql',
    src: ALL('query', 'query', 'query'),
    imports: `import pg from 'pg'\n\nconst pool = new pg.Pool()`,
    vuln: (h) => ({
      body: `const email = ${h.in('email')}\n@@const { rows } = await pool.query("SELECT id, name FROM users WHERE email = '" + email + "'")\n${h.json('rows')}`,
    }),
    safe: (h) => ({
      body: `const email = ${h.in('email')}\n@@const { rows } = await pool.query('SELECT id, name FROM users WHERE email = $1', [email])\n${h.json('rows')}`,
    }),
  },
  {
    id: 'sql-mysql-template',
    family: 'sql',
    src: ALL('params', 'params', 'params'),
    imports: `import mysql from 'mysql2/promise'\n\nconst db = await mysql.createConnection({ host: 'localhost', user: 'app', database: 'shop' })`,
    vuln: (h) => ({
      body: `const sku = ${h.in('sku')}\n@@const [rows] = await db.query(\`SELECT * FROM products WHERE sku = '\${sku}'\`)\n${h.json('rows')}`,
    }),
    safe: (h) => ({
      body: `const sku = ${h.in('sku')}\n@@const [rows] = await db.execute('SELECT * FROM products WHERE sku = ?', [sku])\n${h.json('rows')}`,
    }),
  },
  {
    id: 'sql-sqlite-all',
    family: 'sql',
    src: ALL('query', 'query', 'query'),
    imports: `import sqlite3 from 'sqlite3'\n\nconst db = new sqlite3.Database('app.db')`,
    vuln: (h) => ({
      body: `const tag = ${h.in('tag')}\nconst posts = await new Promise((resolve, reject) => {\n  @@db.all(\`SELECT * FROM posts WHERE tag = '\${tag}'\`, (err, rows) => (err ? reject(err) : resolve(rows)))\n})\n${h.json('posts')}`,
    }),
    safe: (h) => ({
      body: `const tag = ${h.in('tag')}\nconst posts = await new Promise((resolve, reject) => {\n  @@db.all('SELECT * FROM posts WHERE tag = ?', [tag], (err, rows) => (err ? reject(err) : resolve(rows)))\n})\n${h.json('posts')}`,
    }),
  },
  {
    id: 'sql-knex-raw',
    family: 'sql',
    src: ALL('query', 'query', 'query'),
    imports: `import knexFactory from 'knex'\n\nconst knex = knexFactory({ client: 'pg' })`,
    vuln: (h) => ({
      body: `const city = ${h.in('city')}\n@@const stores = await knex.raw(\`SELECT * FROM stores WHERE city = '\${city}'\`)\n${h.json('stores.rows')}`,
    }),
    safe: (h) => ({
      body: `const city = ${h.in('city')}\n@@const stores = await knex.raw('SELECT * FROM stores WHERE city = ?', [city])\n${h.json('stores.rows')}`,
    }),
  },
  {
    id: 'sql-sequelize-query',
    family: 'sql',
    src: ALL('query', 'header', 'query'),
    imports: `import { Sequelize, QueryTypes } from 'sequelize'\n\nconst sequelize = new Sequelize(process.env.DATABASE_URL)`,
    vuln: (h) => ({
      body: `const tenant = ${h.in('tenant')}\n@@const invoices = await sequelize.query(\`SELECT * FROM invoices WHERE tenant = '\${tenant}'\`, { type: QueryTypes.SELECT })\n${h.json('invoices')}`,
    }),
    safe: (h) => ({
      body: `const tenant = ${h.in('tenant')}\n@@const invoices = await sequelize.query('SELECT * FROM invoices WHERE tenant = :tenant', { replacements: { tenant }, type: QueryTypes.SELECT })\n${h.json('invoices')}`,
    }),
  },
  {
    id: 'sql-prisma-raw',
    family: 'sql',
    src: ALL('query', 'query', 'query'),
    imports: `import { PrismaClient } from '@prisma/client'\n\nconst prisma = new PrismaClient()`,
    vuln: (h) => ({
      body: `const q = ${h.in('q')}\n@@const users = await prisma.$queryRawUnsafe(\`SELECT id, name FROM "User" WHERE name ILIKE '%\${q}%'\`)\n${h.json('users')}`,
    }),
    safe: (h) => ({
      body: `const q = ${h.in('q')}\nconst pattern = \`%\${q}%\`\n@@const users = await prisma.$queryRaw\`SELECT id, name FROM "User" WHERE name ILIKE \${pattern}\`\n${h.json('users')}`,
    }),
  },
  {
    id: 'sql-order-by',
    family: 'sql',
    src: ALL('query', 'query', 'query'),
    imports: `import pg from 'pg'\n\nconst pool = new pg.Pool()`,
    vuln: (h) => ({
      body: `const sort = ${h.in('sort')}\n@@const result = await pool.query(\`SELECT * FROM orders ORDER BY \${sort} DESC LIMIT 50\`)\n${h.json('result.rows')}`,
    }),
    safe: (h) => ({
      top: `const SORT_COLUMNS = { date: 'created_at', total: 'total_cents', status: 'status' }`,
      body: `const sort = SORT_COLUMNS[${h.in('sort')}] ?? 'created_at'\n@@const result = await pool.query(\`SELECT * FROM orders ORDER BY \${sort} DESC LIMIT 50\`)\n${h.json('result.rows')}`,
    }),
  },
  {
    id: 'sql-number-id',
    family: 'sql',
    src: ALL('params', 'params', 'params'),
    imports: `import pg from 'pg'\n\nconst client = new pg.Client()`,
    vuln: (h) => ({
      body: `const id = ${h.in('id')}\n@@const result = await client.query('DELETE FROM sessions WHERE user_id = ' + id)\n${h.json('{ removed: result.rowCount }')}`,
    }),
    safe: (h) => ({
      body: `const id = Number(${h.in('id')})\nif (!Number.isInteger(id)) {\n  ${h.reject('bad id')}\n}\n@@const result = await client.query('DELETE FROM sessions WHERE user_id = ' + id)\n${h.json('{ removed: result.rowCount }')}`,
    }),
  },
  {
    id: 'sql-repo-helper',
    family: 'sql',
    src: ALL('query', 'query', 'query'),
    imports: `import pg from 'pg'\n\nconst pool = new pg.Pool()`,
    vuln: (h) => ({
      top: `async function findCustomers(country, limit) {\n  const sql = "SELECT * FROM customers WHERE country = '" + country + "' LIMIT " + limit\n  @@const { rows } = await pool.query(sql)\n  return rows\n}`,
      body: `const customers = await findCustomers(${h.in('country')}, 20)\n${h.json('customers')}`,
    }),
    safe: (h) => ({
      top: `async function findCustomers(country, limit) {\n  const sql = 'SELECT * FROM customers WHERE country = $1 LIMIT ' + Number(limit)\n  @@const { rows } = await pool.query(sql, [country])\n  return rows\n}`,
      body: `const customers = await findCustomers(${h.in('country')}, 20)\n${h.json('customers')}`,
    }),
  },
  {
    id: 'sql-mysql-escape',
    family: 'sql',
    src: ALL('query', 'query', 'query'),
    imports: `import mysql from 'mysql'\n\nconst connection = mysql.createConnection({ host: 'localhost', user: 'app' })`,
    vuln: (h) => ({
      body: `const category = ${h.in('category')}\nconst rows = await new Promise((resolve) => {\n  @@connection.query('SELECT * FROM items WHERE category = ' + "'" + category + "'", (err, r) => resolve(r))\n})\n${h.json('rows')}`,
    }),
    safe: (h) => ({
      body: `const category = ${h.in('category')}\nconst rows = await new Promise((resolve) => {\n  @@connection.query('SELECT * FROM items WHERE category = ' + connection.escape(category), (err, r) => resolve(r))\n})\n${h.json('rows')}`,
    }),
  },
  {
    id: 'sql-repository-class',
    family: 'sql',
    src: ALL('query', 'query', 'query'),
    imports: `import pg from 'pg'`,
    vuln: (h) => ({
      top: `class OrderRepository {\n  constructor(db) {\n    this.db = db\n  }\n\n  async byStatus(status) {\n    @@const res = await this.db.query(\`SELECT * FROM orders WHERE status = '\${status}'\`)\n    return res.rows\n  }\n}\n\nconst orders = new OrderRepository(new pg.Pool())`,
      body: `const list = await orders.byStatus(${h.in('status')})\n${h.json('list')}`,
    }),
    safe: (h) => ({
      top: `class OrderRepository {\n  constructor(db) {\n    this.db = db\n  }\n\n  async byStatus(status) {\n    @@const res = await this.db.query('SELECT * FROM orders WHERE status = $1', [status])\n    return res.rows\n  }\n}\n\nconst orders = new OrderRepository(new pg.Pool())`,
      body: `const list = await orders.byStatus(${h.in('status')})\n${h.json('list')}`,
    }),
  },
  {
    id: 'sql-lib-module',
    family: 'sql',
    src: ALL('query', 'query', undefined),
    files: (side) => ({
      [`lib/reports-${side}.js`]:
        side === 'vuln'
          ? `import pg from 'pg'\n\nconst pool = new pg.Pool()\n\nexport async function salesReport(region) {\n  const sql = \`SELECT sum(total) FROM sales WHERE region = '\${region}'\`\n  const { rows } = await pool.query(sql)\n  return rows[0]\n}\n`
          : `import pg from 'pg'\n\nconst pool = new pg.Pool()\n\nexport async function salesReport(region) {\n  const { rows } = await pool.query('SELECT sum(total) FROM sales WHERE region = $1', [region])\n  return rows[0]\n}\n`,
    }),
    vuln: (h) => ({
      imports: `import { salesReport } from '../lib/reports-vuln.js'`,
      body: `@@const report = await salesReport(${h.in('region')})\n${h.json('report')}`,
    }),
    safe: (h) => ({
      imports: `import { salesReport } from '../lib/reports-safe.js'`,
      body: `@@const report = await salesReport(${h.in('region')})\n${h.json('report')}`,
    }),
  },

  {
    id: 'sql-filter-loop',
    family: 'sql',
    method: 'post',
    src: ALL('body', 'body', 'body'),
    imports: `import pg from 'pg'\n\nconst pool = new pg.Pool()`,
    vuln: (h) => ({
      body: `const { filters } = ${h.body()}\nlet sql = 'SELECT * FROM products WHERE 1 = 1'\nfor (const f of filters) {\n  sql += \` AND \${f.column} = '\${f.value}'\`\n}\n@@const { rows } = await pool.query(sql)\n${h.json('rows')}`,
    }),
    safe: (h) => ({
      top: `const FILTERABLE = new Set(['color', 'size', 'brand'])`,
      body: `const { filters } = ${h.body()}\nlet sql = 'SELECT * FROM products WHERE 1 = 1'\nconst values = []\nfor (const f of filters) {\n  if (!FILTERABLE.has(f.column)) continue\n  values.push(f.value)\n  sql += \` AND \${f.column} = $\${values.length}\`\n}\n@@const { rows } = await pool.query(sql, values)\n${h.json('rows')}`,
    }),
  },

  // ---------------------------------------------------------------- XSS
  {
    id: 'xss-greeting',
    family: 'xss',
    src: ALL('query', 'query', 'query'),
    imports: `import escapeHtml from 'escape-html'`,
    vuln: (h) => ({ body: `const name = ${h.in('name')}\n@@${h.html('`<h1>Hello, ${name}!</h1>`')}` }),
    safe: (h) => ({ body: `const name = ${h.in('name')}\n@@${h.html('`<h1>Hello, ${escapeHtml(name)}!</h1>`')}` }),
  },
  {
    id: 'xss-search-echo',
    family: 'xss',
    src: ALL('query', 'query', 'query'),
    vuln: (h) => ({
      body: `const term = ${h.in('q')}\nconst results = []\n@@${h.html('`<p>No results for <b>${term}</b></p><ul>${results.join("")}</ul>`')}`,
    }),
    safe: (h) => ({
      body: `const term = ${h.in('q')}\nconst results = []\n@@${h.json('{ query: term, results }')}`,
    }),
  },
  {
    id: 'xss-he-encode',
    family: 'xss',
    src: ALL('cookie', 'cookie', 'cookie'),
    imports: `import he from 'he'`,
    vuln: (h) => ({
      body: `const theme = ${h.in('theme')}\nconst page = '<html><body class="' + theme + '"><main>Dashboard</main></body></html>'\n@@${h.html('page')}`,
    }),
    safe: (h) => ({
      body: `const theme = ${h.in('theme')}\nconst page = '<html><body class="' + he.encode(theme) + '"><main>Dashboard</main></body></html>'\n@@${h.html('page')}`,
    }),
  },
  {
    id: 'xss-pagination',
    family: 'xss',
    src: ALL('query', 'query', 'query'),
    vuln: (h) => ({ body: `const page = ${h.in('page')}\n@@${h.html('`<nav><a href="?page=${page}">Next</a></nav>`')}` }),
    safe: (h) => ({
      body: `const page = parseInt(${h.in('page')}, 10) || 1\n@@${h.html('`<nav><a href="?page=${page + 1}">Next</a></nav>`')}`,
    }),
  },
  {
    id: 'xss-bio-purify',
    family: 'xss',
    method: 'post',
    src: ALL('body', 'body', 'body'),
    imports: `import DOMPurify from 'isomorphic-dompurify'`,
    vuln: (h) => ({ body: `const bio = ${h.in('bio')}\nconst card = \`<section class="bio">\${bio}</section>\`\n@@${h.html('card')}` }),
    safe: (h) => ({
      body: `const bio = ${h.in('bio')}\nconst card = \`<section class="bio">\${DOMPurify.sanitize(bio)}</section>\`\n@@${h.html('card')}`,
    }),
  },
  {
    id: 'xss-list-map',
    family: 'xss',
    src: ALL('query', 'query', 'query'),
    imports: `import escapeHtml from 'escape-html'`,
    vuln: (h) => ({
      body: `const tags = String(${h.in('tags')}).split(',')\nconst items = tags.map((t) => \`<li>\${t}</li>\`).join('')\n@@${h.html('`<ul>${items}</ul>`')}`,
    }),
    safe: (h) => ({
      body: `const tags = String(${h.in('tags')}).split(',')\nconst items = tags.map((t) => \`<li>\${escapeHtml(t)}</li>\`).join('')\n@@${h.html('`<ul>${items}</ul>`')}`,
    }),
  },
  {
    id: 'xss-render-helper',
    family: 'xss',
    src: ALL('query', 'query', 'query'),
    vuln: (h) => ({
      top: `function renderBanner(message) {\n  return \`<div class="banner">\${message}</div>\`\n}`,
      body: `const html = renderBanner(${h.in('msg')})\n@@${h.html('html')}`,
    }),
    safe: (h) => ({
      top: `import validator from 'validator'\n\nfunction renderBanner(message) {\n  return \`<div class="banner">\${validator.escape(message)}</div>\`\n}`,
      body: `const html = renderBanner(${h.in('msg')})\n@@${h.html('html')}`,
    }),
  },
  {
    id: 'xss-error-page',
    family: 'xss',
    src: ALL('params', 'params', 'params'),
    vuln: (h) => ({ body: `const slug = ${h.in('slug')}\n@@${h.html("'<h2>Article ' + slug + ' was not found</h2>'")}` }),
    safe: (h) => ({
      body: `const slug = ${h.in('slug')}\n@@${h.html("'<h2>Article ' + encodeURIComponent(slug) + ' was not found</h2>'")}`,
    }),
  },
  {
    id: 'xss-profile-async',
    family: 'xss',
    src: ALL('query', 'query', 'query'),
    imports: `import escapeHtml from 'escape-html'`,
    vuln: (h) => ({
      top: `async function loadProfile(handle) {\n  return { handle, display: handle.toUpperCase() }\n}`,
      body: `const profile = await loadProfile(${h.in('handle')})\n@@${h.html('`<h1>${profile.display}</h1>`')}`,
    }),
    safe: (h) => ({
      top: `async function loadProfile(handle) {\n  return { handle, display: escapeHtml(handle.toUpperCase()) }\n}`,
      body: `const profile = await loadProfile(${h.in('handle')})\n@@${h.html('`<h1>${profile.display}</h1>`')}`,
    }),
  },

  // ---------------------------------------------------------------- path traversal
  {
    id: 'path-read-join',
    family: 'path-traversal',
    src: ALL('query', 'query', 'query'),
    imports: `import fs from 'node:fs/promises'\nimport path from 'node:path'\n\nconst DOCS = '/srv/app/docs'`,
    vuln: (h) => ({
      body: `const file = ${h.in('file')}\n@@const text = await fs.readFile(path.join(DOCS, file), 'utf8')\n${h.json('{ text }')}`,
    }),
    safe: (h) => ({
      body: `const file = path.basename(${h.in('file')})\n@@const text = await fs.readFile(path.join(DOCS, file), 'utf8')\n${h.json('{ text }')}`,
    }),
  },
  {
    id: 'path-stream-resolve',
    family: 'path-traversal',
    src: ALL('params', 'params', 'params'),
    imports: `import { createReadStream } from 'node:fs'\nimport path from 'node:path'\n\nconst ROOT = path.resolve('/srv/app/public')`,
    vuln: (h) => ({
      body: `const requested = path.resolve(ROOT, ${h.in('asset')})\n@@const stream = createReadStream(requested)\n${h.json('{ streaming: stream.path }')}`,
    }),
    safe: (h) => ({
      body: `const requested = path.resolve(ROOT, ${h.in('asset')})\nif (!requested.startsWith(ROOT + path.sep)) {\n  ${h.reject('outside the public folder')}\n}\n@@const stream = createReadStream(requested)\n${h.json('{ streaming: stream.path }')}`,
    }),
  },
  {
    id: 'path-relative-check',
    family: 'path-traversal',
    src: ALL('query', 'query', 'query'),
    imports: `import { readFile } from 'node:fs/promises'\nimport path from 'node:path'\n\nconst SHARE = path.resolve('/srv/share')`,
    vuln: (h) => ({
      body: `const target = path.resolve(SHARE, ${h.in('file')})\n@@const data = await readFile(target)\n${h.json('{ size: data.length }')}`,
    }),
    safe: (h) => ({
      body: `const target = path.resolve(SHARE, ${h.in('file')})\nif (path.relative(SHARE, target).startsWith('..')) {\n  ${h.reject('outside the share')}\n}\n@@const data = await readFile(target)\n${h.json('{ size: data.length }')}`,
    }),
  },
  {
    id: 'path-relative-variable',
    family: 'path-traversal',
    method: 'post',
    src: ALL('body', 'body', 'body'),
    imports: `import { writeFile } from 'node:fs/promises'\nimport path from 'node:path'\n\nconst DRAFTS = path.resolve('/srv/drafts')`,
    vuln: (h) => ({
      body: `const { name, text } = ${h.body()}\nconst target = path.join(DRAFTS, name)\n@@await writeFile(target, text)\n${h.json('{ saved: name }')}`,
    }),
    safe: (h) => ({
      body: `const { name, text } = ${h.body()}\nconst target = path.join(DRAFTS, name)\nconst rel = path.relative(DRAFTS, target)\nif (rel.startsWith('..') || path.isAbsolute(rel)) {\n  ${h.reject('outside the drafts folder')}\n}\n@@await writeFile(target, text)\n${h.json('{ saved: name }')}`,
    }),
  },
  {
    id: 'path-write-upload',
    family: 'path-traversal',
    method: 'post',
    src: ALL('body', 'body', 'body'),
    imports: `import { writeFile } from 'node:fs/promises'\nimport sanitize from 'sanitize-filename'`,
    vuln: (h) => ({
      body: `const { filename, content } = ${h.body()}\n@@await writeFile('/srv/uploads/' + filename, content)\n${h.json('{ stored: filename }')}`,
    }),
    safe: (h) => ({
      body: `const { filename, content } = ${h.body()}\nconst safeName = sanitize(filename)\n@@await writeFile('/srv/uploads/' + safeName, content)\n${h.json('{ stored: safeName }')}`,
    }),
  },
  {
    id: 'path-unlink-regex',
    family: 'path-traversal',
    method: 'delete',
    src: ALL('params', 'params', 'params'),
    imports: `import { unlink } from 'node:fs/promises'`,
    vuln: (h) => ({ body: `const name = ${h.in('avatar')}\n@@await unlink(\`/srv/avatars/\${name}\`)\n${h.json('{ deleted: name }')}` }),
    safe: (h) => ({
      body: `const name = ${h.in('avatar')}\nif (!/^[a-f0-9]{32}\\.(png|jpg)$/.test(name)) {\n  ${h.reject('bad avatar name')}\n}\n@@await unlink(\`/srv/avatars/\${name}\`)\n${h.json('{ deleted: name }')}`,
    }),
  },
  {
    id: 'path-locale-allowlist',
    family: 'path-traversal',
    src: ALL('header', 'header', 'header'),
    imports: `import { readFileSync } from 'node:fs'`,
    vuln: (h) => ({
      body: `const lang = ${h.in('lang')} || 'en'\n@@const messages = JSON.parse(readFileSync(\`./locales/\${lang}.json\`, 'utf8'))\n${h.json('messages')}`,
    }),
    safe: (h) => ({
      top: `const LOCALES = ['en', 'fr', 'de', 'es']`,
      body: `const requested = ${h.in('lang')}\nconst lang = LOCALES.includes(requested) ? requested : 'en'\n@@const messages = JSON.parse(readFileSync(\`./locales/\${lang}.json\`, 'utf8'))\n${h.json('messages')}`,
    }),
  },
  {
    id: 'path-export-helper',
    family: 'path-traversal',
    src: ALL('query', 'query', 'query'),
    imports: `import fs from 'node:fs'\nimport path from 'node:path'`,
    vuln: (h) => ({
      top: `function readExport(name) {\n  const full = path.join('/srv/exports', name)\n  @@return fs.readFileSync(full, 'utf8')\n}`,
      body: `const csv = readExport(${h.in('report')})\n${h.json('{ csv }')}`,
    }),
    safe: (h) => ({
      top: `function readExport(name) {\n  const full = path.join('/srv/exports', path.basename(name))\n  @@return fs.readFileSync(full, 'utf8')\n}`,
      body: `const csv = readExport(${h.in('report')})\n${h.json('{ csv }')}`,
    }),
  },

  // ---------------------------------------------------------------- deserialization
  {
    id: 'deser-node-serialize',
    family: 'deserialization',
    src: ALL('cookie', 'cookie', 'cookie'),
    imports: `import serialize from 'node-serialize'`,
    vuln: (h) => ({
      body: `const raw = Buffer.from(${h.in('prefs')}, 'base64').toString()\n@@const prefs = serialize.unserialize(raw)\n${h.json('prefs')}`,
    }),
    safe: (h) => ({
      body: `const raw = Buffer.from(${h.in('prefs')}, 'base64').toString()\n@@const prefs = JSON.parse(raw)\n${h.json('prefs')}`,
    }),
  },
  {
    id: 'deser-yaml-full',
    family: 'deserialization',
    method: 'post',
    src: ALL('body', 'body', 'body'),
    imports: `import yaml from 'js-yaml'`,
    vuln: (h) => ({
      body: `const doc = ${h.in('manifest')}\n@@const manifest = yaml.load(doc, { schema: yaml.DEFAULT_FULL_SCHEMA })\n${h.json('{ name: manifest.name }')}`,
    }),
    safe: (h) => ({
      body: `const doc = ${h.in('manifest')}\n@@const manifest = yaml.load(doc, { schema: yaml.JSON_SCHEMA })\n${h.json('{ name: manifest.name }')}`,
    }),
  },
  {
    id: 'deser-session-helper',
    family: 'deserialization',
    src: ALL('cookie', 'cookie', 'cookie'),
    imports: `import { unserialize } from 'node-serialize'`,
    vuln: (h) => ({
      top: `function readSession(token) {\n  const json = Buffer.from(token, 'base64url').toString('utf8')\n  @@return unserialize(json)\n}`,
      body: `const session = readSession(${h.in('session')})\n${h.json('{ user: session.user }')}`,
    }),
    safe: (h) => ({
      top: `function readSession(token) {\n  const json = Buffer.from(token, 'base64url').toString('utf8')\n  @@return JSON.parse(json)\n}`,
      body: `const session = readSession(${h.in('session')})\n${h.json('{ user: session.user }')}`,
    }),
  },

  // ---------------------------------------------------------------- SSRF
  {
    id: 'ssrf-preview-fetch',
    family: 'ssrf',
    src: ALL('query', 'query', 'query'),
    vuln: (h) => ({ body: `const url = ${h.in('url')}\n@@const page = await fetch(url)\n${h.json('{ status: page.status }')}` }),
    safe: (h) => ({
      top: `const PREVIEW_HOSTS = new Set(['github.com', 'gitlab.com', 'bitbucket.org'])`,
      body: `const url = new URL(${h.in('url')})\nif (url.protocol !== 'https:' || !PREVIEW_HOSTS.has(url.hostname)) {\n  ${h.reject('host not allowed')}\n}\n@@const page = await fetch(url)\n${h.json('{ status: page.status }')}`,
    }),
  },
  {
    id: 'ssrf-axios-avatar',
    family: 'ssrf',
    src: ALL('query', 'query', 'query'),
    imports: `import axios from 'axios'`,
    vuln: (h) => ({
      body: `const avatar = ${h.in('avatar')}\n@@const img = await axios.get(avatar, { responseType: 'arraybuffer' })\n${h.json('{ size: img.data.length }')}`,
    }),
    safe: (h) => ({
      body: `const user = ${h.in('avatar')}\n@@const img = await axios.get(\`https://avatars.example-cdn.com/u/\${encodeURIComponent(user)}.png\`, { responseType: 'arraybuffer' })\n${h.json('{ size: img.data.length }')}`,
    }),
  },
  {
    id: 'ssrf-webhook-got',
    family: 'ssrf',
    method: 'post',
    src: ALL('body', 'body', 'body'),
    imports: `import got from 'got'`,
    vuln: (h) => ({
      body: `const { callback } = ${h.body()}\n@@await got.post(callback, { json: { event: 'ping' } })\n${h.json('{ delivered: true }')}`,
    }),
    safe: (h) => ({
      top: `const WEBHOOKS = { slack: 'https://hooks.slack.com/services/T000/B000/XXXX', teams: 'https://example.webhook.office.com/hook' }`,
      body: `const { callback } = ${h.body()}\nconst target = WEBHOOKS[callback]\nif (!target) {\n  ${h.reject('unknown webhook')}\n}\n@@await got.post(target, { json: { event: 'ping' } })\n${h.json('{ delivered: true }')}`,
    }),
  },
  {
    id: 'ssrf-http-get',
    family: 'ssrf',
    src: ALL('query', 'query', 'query'),
    imports: `import https from 'node:https'`,
    vuln: (h) => ({
      body: `const feed = ${h.in('feed')}\n@@https.get(feed, (res) => res.resume())\n${h.json('{ fetching: feed }')}`,
    }),
    safe: (h) => ({
      body: `const feed = ${h.in('feed')}\nif (!feed.startsWith('https://feeds.example.com/')) {\n  ${h.reject('feed must be on feeds.example.com')}\n}\n@@https.get(feed, (res) => res.resume())\n${h.json('{ fetching: feed }')}`,
    }),
  },
  {
    id: 'ssrf-status-base',
    family: 'ssrf',
    src: ALL('query', 'header', 'query'),
    vuln: (h) => ({
      body: `const service = ${h.in('service')}\n@@const health = await fetch(\`\${service}/health\`)\n${h.json('{ up: health.ok }')}`,
    }),
    safe: (h) => ({
      body: `const service = ${h.in('service')}\n@@const health = await fetch(\`https://status.internal.example.com/\${encodeURIComponent(service)}/health\`)\n${h.json('{ up: health.ok }')}`,
    }),
  },

  // ---------------------------------------------------------------- open redirect
  {
    id: 'redirect-next-param',
    family: 'open-redirect',
    src: ALL('query', 'query', 'query'),
    vuln: (h) => ({ body: `const next = ${h.in('next')}\n@@${h.redirect('next')}` }),
    safe: (h) => ({
      body: `const next = ${h.in('next')}\nconst target = next.startsWith('/') && !next.startsWith('//') ? next : '/'\n@@${h.redirect('target')}`,
    }),
  },
  {
    id: 'redirect-return-to',
    family: 'open-redirect',
    src: ALL('query', 'query', 'query'),
    vuln: (h) => ({ body: `const returnTo = ${h.in('returnTo')}\n@@${h.redirect('returnTo')}` }),
    safe: (h) => ({
      body: `const returnTo = new URL(${h.in('returnTo')}, 'https://app.example.com')\nif (returnTo.origin !== 'https://app.example.com') {\n  ${h.reject('external redirect')}\n}\n@@${h.redirect('returnTo.toString()')}`,
    }),
  },
  {
    id: 'redirect-lang',
    family: 'open-redirect',
    src: ALL('params', 'params', 'params'),
    vuln: (h) => ({ body: `const lang = ${h.in('lang')}\n@@${h.redirect('lang + "/home"')}` }),
    safe: (h) => ({ body: `const lang = ${h.in('lang')}\n@@${h.redirect('"/" + encodeURIComponent(lang) + "/home"')}` }),
  },
  {
    id: 'redirect-campaign',
    family: 'open-redirect',
    src: ALL('query', 'query', 'query'),
    vuln: (h) => ({
      body: `const dest = ${h.in('dest')}\nconst tracked = dest + (dest.includes('?') ? '&' : '?') + 'utm_source=newsletter'\n@@${h.redirect('tracked')}`,
    }),
    safe: (h) => ({
      top: `const CAMPAIGNS = { spring: '/sale/spring', docs: '/docs/getting-started' }`,
      body: `const dest = CAMPAIGNS[${h.in('dest')}] ?? '/'\nconst tracked = dest + '?utm_source=newsletter'\n@@${h.redirect('tracked')}`,
    }),
  },

  {
    id: 'redirect-host-header',
    family: 'open-redirect',
    src: ALL('header', 'header', 'header'),
    vuln: (h) => ({ body: `const host = ${h.in('forwarded-host')}\n@@${h.redirect('`https://${host}/login`')}` }),
    safe: (h) => ({
      top: `const HOSTS = new Set(['app.example.com', 'admin.example.com'])`,
      body: `const requested = ${h.in('forwarded-host')}\nconst host = HOSTS.has(requested) ? requested : 'app.example.com'\n@@${h.redirect('`https://${host}/login`')}`,
    }),
  },

  // ---------------------------------------------------------------- prototype pollution
  {
    id: 'proto-deep-merge',
    family: 'prototype-pollution',
    method: 'post',
    src: ALL('body', 'body', 'body'),
    vuln: (h) => ({
      top: `function merge(target, source) {\n  for (const key in source) {\n    if (source[key] && typeof source[key] === 'object') {\n      if (!target[key]) target[key] = {}\n      merge(target[key], source[key])\n    } else {\n      @@target[key] = source[key]\n    }\n  }\n  return target\n}\n\nconst defaults = { theme: 'light', notifications: { email: true } }`,
      body: `const prefs = merge({}, ${h.in('prefs')})\n${h.json('{ ...defaults, ...prefs }')}`,
    }),
    safe: (h) => ({
      top: `function merge(target, source) {\n  for (const key in source) {\n    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue\n    if (source[key] && typeof source[key] === 'object') {\n      if (!target[key]) target[key] = {}\n      merge(target[key], source[key])\n    } else {\n      @@target[key] = source[key]\n    }\n  }\n  return target\n}\n\nconst defaults = { theme: 'light', notifications: { email: true } }`,
      body: `const prefs = merge({}, ${h.in('prefs')})\n${h.json('{ ...defaults, ...prefs }')}`,
    }),
  },
  {
    id: 'proto-set-path',
    family: 'prototype-pollution',
    method: 'post',
    src: ALL('body', 'body', 'body'),
    vuln: (h) => ({
      top: `const config = {}\n\nfunction setPath(obj, dotted, value) {\n  const parts = dotted.split('.')\n  let node = obj\n  for (const part of parts.slice(0, -1)) {\n    node[part] = node[part] || {}\n    node = node[part]\n  }\n  @@node[parts[parts.length - 1]] = value\n}`,
      body: `const { path, value } = ${h.body()}\nsetPath(config, path, value)\n${h.json('config')}`,
    }),
    safe: (h) => ({
      top: `const config = {}\nconst FORBIDDEN = ['__proto__', 'constructor', 'prototype']\n\nfunction setPath(obj, dotted, value) {\n  const parts = dotted.split('.')\n  let node = obj\n  for (const part of parts.slice(0, -1)) {\n    if (FORBIDDEN.includes(part)) return\n    node[part] = node[part] || {}\n    node = node[part]\n  }\n  const last = parts[parts.length - 1]\n  if (FORBIDDEN.includes(last)) return\n  @@node[last] = value\n}`,
      body: `const { path, value } = ${h.body()}\nsetPath(config, path, value)\n${h.json('config')}`,
    }),
  },
  {
    id: 'proto-section-key',
    family: 'prototype-pollution',
    method: 'post',
    src: ALL('body', 'body', 'body'),
    vuln: (h) => ({
      top: `const settings = { display: {}, privacy: {} }`,
      body: `const { section, key, value } = ${h.body()}\n@@settings[section][key] = value\n${h.json('settings')}`,
    }),
    safe: (h) => ({
      top: `const settings = { display: {}, privacy: {} }\nconst SECTIONS = ['display', 'privacy']\nconst KEYS = ['theme', 'fontSize', 'showEmail']`,
      body: `const { section, key, value } = ${h.body()}\nif (!SECTIONS.includes(section) || !KEYS.includes(key)) {\n  ${h.reject('unknown setting')}\n}\n@@settings[section][key] = value\n${h.json('settings')}`,
    }),
  },
  {
    id: 'proto-copy-fields',
    family: 'prototype-pollution',
    method: 'patch',
    src: ALL('body', 'body', 'body'),
    vuln: (h) => ({
      top: `const profile = { name: 'Ada', email: 'ada@example.com' }`,
      body: `const changes = ${h.in('changes')}\nfor (const [field, value] of Object.entries(changes)) {\n  @@profile[field] = value\n}\n${h.json('profile')}`,
    }),
    safe: (h) => ({
      top: `const profile = { name: 'Ada', email: 'ada@example.com' }\nconst EDITABLE = ['name', 'email', 'bio']`,
      body: `const changes = ${h.in('changes')}\nfor (const field of EDITABLE) {\n  @@if (field in changes) profile[field] = changes[field]\n}\n${h.json('profile')}`,
    }),
  },

  // ---------------------------------------------------------------- ReDoS
  {
    id: 'redos-search-regexp',
    family: 'redos',
    src: ALL('query', 'query', 'query'),
    imports: `import escapeStringRegexp from 'escape-string-regexp'`,
    top: '',
    vuln: (h) => ({
      top: `const products = ['Red shirt', 'Blue jeans', 'Green hat']`,
      body: `const q = ${h.in('q')}\n@@const matcher = new RegExp(q, 'i')\n${h.json('products.filter((p) => matcher.test(p))')}`,
    }),
    safe: (h) => ({
      top: `const products = ['Red shirt', 'Blue jeans', 'Green hat']`,
      body: `const q = ${h.in('q')}\n@@const matcher = new RegExp(escapeStringRegexp(q), 'i')\n${h.json('products.filter((p) => matcher.test(p))')}`,
    }),
  },
  {
    id: 'redos-prefix',
    family: 'redos',
    src: ALL('query', 'query', 'query'),
    imports: `import _ from 'lodash'`,
    vuln: (h) => ({
      top: `const keys = ['user:1', 'user:2', 'order:7']`,
      body: `const prefix = ${h.in('prefix')}\n@@const pattern = new RegExp('^' + prefix + ':')\n${h.json('keys.filter((k) => pattern.test(k))')}`,
    }),
    safe: (h) => ({
      top: `const keys = ['user:1', 'user:2', 'order:7']`,
      body: `const prefix = ${h.in('prefix')}\n@@const pattern = new RegExp('^' + _.escapeRegExp(prefix) + ':')\n${h.json('keys.filter((k) => pattern.test(k))')}`,
    }),
  },
  {
    id: 'redos-filter-callback',
    family: 'redos',
    src: ALL('query', 'query', 'query'),
    vuln: (h) => ({
      top: `const users = [{ name: 'ada' }, { name: 'grace' }]`,
      body: `const pattern = ${h.in('match')}\n@@const found = users.filter((u) => new RegExp(pattern).test(u.name))\n${h.json('found')}`,
    }),
    safe: (h) => ({
      top: `const users = [{ name: 'ada' }, { name: 'grace' }]`,
      body: `const pattern = ${h.in('match')}\n@@const found = users.filter((u) => u.name.toLowerCase().includes(String(pattern).toLowerCase()))\n${h.json('found')}`,
    }),
  },

  // ---------------------------------------------------------------- families found by pattern rules
  {
    id: 'crypto-password-hash',
    family: 'weak-crypto',
    method: 'post',
    src: ALL('body', 'body', undefined),
    imports: `import crypto from 'node:crypto'`,
    vuln: (h) => ({
      body: `const password = ${h.in('password')}\n@@const digest = crypto.createHash('md5').update(password).digest('hex')\n${h.json('{ digest }')}`,
    }),
    safe: (h) => ({
      body: `const password = ${h.in('password')}\nconst salt = crypto.randomBytes(16)\n@@const digest = crypto.scryptSync(password, salt, 64).toString('hex')\n${h.json('{ digest, salt: salt.toString("hex") }')}`,
    }),
  },
  {
    id: 'random-reset-token',
    family: 'weak-random',
    method: 'post',
    src: ALL('body', 'body', undefined),
    imports: `import crypto from 'node:crypto'`,
    vuln: (h) => ({
      body: `const email = ${h.in('email')}\n@@const resetToken = Math.random().toString(36).slice(2)\n${h.json('{ email, sent: resetToken.length > 0 }')}`,
    }),
    safe: (h) => ({
      body: `const email = ${h.in('email')}\n@@const resetToken = crypto.randomBytes(32).toString('hex')\n${h.json('{ email, sent: resetToken.length > 0 }')}`,
    }),
  },
  {
    id: 'secrets-jwt-key',
    family: 'secrets',
    method: 'post',
    src: ALL('body', 'body', undefined),
    imports: `import jwt from 'jsonwebtoken'`,
    vuln: (h) => ({
      body: `const user = ${h.in('user')}\n@@const token = jwt.sign({ sub: user }, 'sup3r-s3cret-signing-key-2024', { expiresIn: '1h' })\n${h.json('{ token }')}`,
    }),
    safe: (h) => ({
      body: `const user = ${h.in('user')}\n@@const token = jwt.sign({ sub: user }, process.env.JWT_SECRET, { expiresIn: '1h' })\n${h.json('{ token }')}`,
    }),
  },
  {
    id: 'xxe-libxml-noent',
    family: 'xxe',
    method: 'post',
    src: ALL('body', 'body', undefined),
    imports: `import libxmljs from 'libxmljs'`,
    vuln: (h) => ({
      body: `const xml = ${h.in('xml')}\n@@const doc = libxmljs.parseXml(xml, { noent: true })\n${h.json('{ root: doc.root().name() }')}`,
    }),
    safe: (h) => ({
      body: `const xml = ${h.in('xml')}\n@@const doc = libxmljs.parseXml(xml, { noent: false, nonet: true })\n${h.json('{ root: doc.root().name() }')}`,
    }),
  },
]
