/**
 * The taint engine on small programs: flows it must follow, sanitizers and guards that must stop
 * them, the path it reports, the YAML data (built-in and a project's own), budgets, and how its
 * findings replace pattern-rule findings on the same line.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createContext } from '../../../../core/context.js'
import { ConfigError } from '../../../../core/errors.js'
import type { Finding } from '../../../../core/finding.js'
import { defaultConfig } from '../../../../config/schema.js'
import { analyzeText, type RuleFilter } from '../../file-analyzer.js'
import { runAnalyze } from '../../index.js'
import type { Language } from '../../languages.js'
import { toSarif } from '../../reporters/sarif.js'
import { toText } from '../../reporters/text.js'
import { parseSource } from '../ast-grep.js'
import { loadRules } from '../rule-loader.js'
import { runTaint } from './index.js'
import { loadTaintSpecs } from './loader.js'

const filter: RuleFilter = { categories: ['security'], standards: [], taint: { dirs: [], hash: 'test' } }
const { rules } = loadRules()

function taint(code: string, language: Language = 'javascript'): Finding[] {
  return analyzeText(language === 'python' ? 'app.py' : 'app.js', language, code, [], filter).findings.filter((f) => f.engine === 'taint')
}

/** `rule@line` of each taint finding. */
function hits(code: string, language: Language = 'javascript'): string[] {
  return taint(code, language).map((f) => `${f.ruleId}@${f.line}`)
}

const js = (body: string) => `import { exec } from 'child_process'\nimport express from 'express'\nconst app = express()\n${body}`

describe('taint engine: JavaScript flows', () => {
  it('follows request data through variables, concatenation and template strings', () => {
    expect(
      hits(js(`app.get('/a', (req, res) => {\n  const dir = req.query.dir\n  const cmd = 'ls ' + dir\n  exec(\`\${cmd} -la\`)\n})`)),
    ).toEqual(['taint-js-command-injection@7'])
  })

  it('follows destructuring, object fields and arrays, field by field', () => {
    const code = js(`app.post('/a', (req, res) => {
  const { name } = req.body
  const job = { tool: 'zip', target: name }
  exec(job.tool + ' -r out.zip')
  exec(job.tool + ' ' + job.target)
  const parts = []
  parts.push(name)
  exec(parts.join(' '))
})`)
    expect(hits(code)).toEqual(['taint-js-command-injection@8', 'taint-js-command-injection@11'])
  })

  it('reports flows from local sources (argv, environment, file content) at most as medium, with low confidence', () => {
    const code = `const { execSync } = require('child_process')
const fs = require('fs')
execSync('ls ' + process.env.DIR)
fs.readFileSync(process.argv[2])
app.get('/a', (req, res) => execSync('ls ' + req.query.dir))`
    const found = taint(js(code)).map((f) => `${f.ruleId}@${f.line}:${f.severity}/${f.confidence}`)
    expect(found).toEqual([
      'taint-js-command-injection@6:medium/low',
      'taint-js-path-traversal@7:medium/low',
      'taint-js-command-injection@8:critical/high',
    ])
    const py = taint('import os, sys\nos.system("ls " + os.environ["DIR"])\nopen(sys.argv[1]).read()\n', 'python')
    expect(py.map((f) => `${f.ruleId}@${f.line}:${f.severity}`)).toEqual([
      'taint-py-command-injection@2:medium',
      'taint-py-path-traversal@3:medium',
    ])
  })

  it("tells Express's res.status().send() from Fastify's reply.status().send() (plain text or JSON unless typed as HTML)", () => {
    const fastify = `import Fastify from 'fastify'
const app = Fastify()
app.post('/echo', async (request, reply) => {
  const name = request.body.name
  return reply.status(200).send(name)
})
app.post('/page', async (request, reply) => {
  return reply.type('text/html').send('<p>' + request.body.name + '</p>')
})`
    expect(hits(fastify)).toEqual(['taint-js-xss@8'])
    expect(hits(js(`app.get('/a', (req, res) => {\n  res.status(404).send('No page ' + req.query.page)\n})`))).toEqual(['taint-js-xss@5'])
  })

  it('takes res.send() of an object or array as JSON, not HTML', () => {
    const code = js(`app.get('/a', (req, res) => res.send({ name: req.query.name }))
app.get('/b', (req, res) => {
  const out = { name: req.query.name, tags: [req.query.tag] }
  res.send(out)
})
app.get('/c', (req, res) => res.send([req.query.name]))
app.get('/d', (req, res) => res.send('Hello ' + req.query.name))`)
    expect(hits(code)).toEqual(['taint-js-xss@10'])
  })

  it('takes `req`/`request` for a request only beside a response parameter (Express, Fastify)', () => {
    const code = js(`export async function list(req, res) {
  exec('ls ' + req.query.dir)
}
export const capability = {
  async run(request, ctx) {
    exec('ls ' + request.files)
  },
}`)
    expect(hits(code)).toEqual(['taint-js-command-injection@5'])
  })

  it('crosses function calls in the file through summaries, both ways', () => {
    const code = js(`function runTool(args) {
  return exec('tool ' + args)
}
function getName(req) {
  return req.query.name
}
app.get('/a', (req, res) => {
  runTool(getName(req))
  runTool('--version')
})`)
    const findings = taint(code)
    expect(findings.map((f) => f.line)).toEqual([5])
    const flow = findings[0]!.flow!
    expect(flow[0]!.line).toBe(8)
    expect(flow.map((s) => s.message)).toContain('passed to runTool()')
    expect(flow.at(-1)!.line).toBe(5)
  })

  it('follows callbacks, promises and async/await', () => {
    const code = js(`app.get('/a', async (req, res) => {
  const names = req.query.list.split(',')
  names.forEach((n) => exec('id ' + n))
  const value = await Promise.resolve(req.query.v)
  exec(value)
  fetchThing(req.query.t).then((t) => exec(t))
})`)
    expect(hits(code)).toEqual(['taint-js-command-injection@6', 'taint-js-command-injection@8', 'taint-js-command-injection@9'])
  })

  it('follows class fields from the constructor to a method', () => {
    const code = js(`class Job {
  constructor(dir) { this.dir = dir }
  run() { return exec('tar czf x.tgz ' + this.dir) }
}
app.post('/a', (req, res) => {
  new Job(req.body.dir).run()
})`)
    expect(hits(code)).toEqual(['taint-js-command-injection@6'])
  })

  it('knows request objects of Koa, Fastify, Hono and Next.js route handlers', () => {
    expect(hits(`const { exec } = require('child_process')\nmodule.exports = async (ctx) => { exec(ctx.request.body.cmd) }`)).toEqual([
      'taint-js-command-injection@2',
    ])
    expect(
      hits(
        `import cp from 'node:child_process'\nexport default async function r(fastify) {\n  fastify.get('/', async (request) => cp.execSync(request.query.c))\n}`,
      ),
    ).toEqual(['taint-js-command-injection@3'])
    expect(
      hits(
        `import { exec } from 'child_process'\napp.get('/', async (c) => {\n  exec(c.req.query('cmd'))\n  return c.html(c.req.param('name'))\n})`,
      ),
    ).toEqual(['taint-js-command-injection@3', 'taint-js-xss@4'])
    expect(
      hits(
        `import { NextResponse } from 'next/server'\nimport { exec } from 'child_process'\nexport async function POST(request, { params }) {\n  const body = await request.json()\n  exec(body.cmd)\n  exec((await params).id)\n  return NextResponse.redirect(new URL(request.nextUrl.searchParams.get('next'), request.url))\n}`,
        'typescript',
      ),
    ).toEqual(['taint-js-command-injection@5', 'taint-js-command-injection@6', 'taint-js-open-redirect@7'])
  })

  it('reports the sinks of each family', () => {
    const code = `import fs from 'fs'
import serialize from 'node-serialize'
import axios from 'axios'
app.get('/a', async (req, res) => {
  const q = req.query
  eval(q.code)
  await pool.query("SELECT * FROM t WHERE a = '" + q.a + "'")
  res.send('<p>' + q.name + '</p>')
  fs.readFileSync('/srv/' + q.file)
  serialize.unserialize(req.cookies.s)
  await axios.get(q.url)
  res.redirect(q.next)
  new RegExp(q.re)
  const o = {}
  o[q.k1][q.k2] = q.v
})`
    expect(hits(code)).toEqual([
      'taint-js-code-injection@6',
      'taint-js-sql-injection@7',
      'taint-js-xss@8',
      'taint-js-path-traversal@9',
      'taint-js-deserialization@10',
      'taint-js-ssrf@11',
      'taint-js-open-redirect@12',
      'taint-js-redos@13',
      'taint-js-prototype-pollution@15',
    ])
  })
})

describe('taint engine: JavaScript sanitizers and guards', () => {
  const cases: Array<[string, string]> = [
    ['allow-list with early return', `if (!['a', 'b'].includes(x)) return res.status(400).end()\nexec('ls ' + x)`],
    ['Set allow-list', `const OK = new Set(['a'])\nif (!OK.has(x)) { return }\nexec('ls ' + x)`],
    ['anchored regex test', `if (!/^[a-z0-9]+$/.test(x)) throw new Error('bad')\nexec('ls ' + x)`],
    ['numeric conversion', `exec('kill ' + Number(x))`],
    ['parseInt', `const pid = parseInt(x, 10)\nexec('kill ' + pid)`],
    ['equality with a literal', `if (x === 'status' || x === 'log') exec('git ' + x)`],
    ['lookup in a trusted table', `const T = { a: 'ls', b: 'pwd' }\nexec(T[x])`],
    ['argument array without a shell', `execFile('ls', ['-la', x])`],
    ['switch on literal cases', `switch (x) {\n  case 'a':\n    exec('ls ' + x)\n    break\n}`],
  ]
  for (const [name, body] of cases) {
    it(`stops at ${name}`, () => {
      const code = `import { exec, execFile } from 'child_process'\napp.get('/', (req, res) => {\n  const x = req.query.x\n  ${body.replace(/\n/g, '\n  ')}\n})`
      expect(hits(code)).toEqual([])
    })
  }

  it('does not accept a regex that is not anchored at both ends', () => {
    const code = `import { exec } from 'child_process'\napp.get('/', (req) => {\n  if (!/[a-z]+/.test(req.query.x)) return\n  exec('ls ' + req.query.x)\n})`
    expect(hits(code)).toEqual(['taint-js-command-injection@4'])
  })

  it('clears only the kinds a sanitizer protects against', () => {
    const code = `import escapeHtml from 'escape-html'\nimport { exec } from 'child_process'\napp.get('/', (req, res) => {\n  const s = escapeHtml(req.query.s)\n  res.send('<b>' + s + '</b>')\n  exec('echo ' + s)\n})`
    expect(hits(code)).toEqual(['taint-js-command-injection@6'])
  })

  it('accepts the resolve-and-prefix check for paths and the local-path check for redirects', () => {
    const code = `import fs from 'fs'
import path from 'path'
app.get('/', (req, res) => {
  const p = path.resolve(ROOT, req.query.f)
  if (!p.startsWith(ROOT + path.sep)) return res.sendStatus(403)
  fs.readFileSync(p)
  const next = req.query.next
  res.redirect(next.startsWith('/') && !next.startsWith('//') ? next : '/')
  res.redirect(next.startsWith('/') ? next : '/')
})`
    expect(hits(code)).toEqual(['taint-js-open-redirect@9'])
  })

  it('treats a fixed scheme and host as a safe start for request URLs', () => {
    const code = `app.get('/', async (req) => {\n  await fetch('https://api.example.com/users/' + req.query.id)\n  await fetch(req.query.base + '/users')\n})`
    expect(hits(code)).toEqual(['taint-js-ssrf@3'])
  })

  it('guards prototype-pollution writes with a key block list', () => {
    const code = `function merge(t, s) {
  for (const k in s) {
    if (k === '__proto__' || k === 'constructor') continue
    if (typeof s[k] === 'object') merge(t[k], s[k])
    else t[k] = s[k]
  }
}
function unsafeMerge(t, s) {
  for (const k in s) {
    if (typeof s[k] === 'object') unsafeMerge(t[k], s[k])
    else t[k] = s[k]
  }
}
app.post('/', (req) => {
  merge({}, req.body)
  unsafeMerge({}, req.body)
})`
    expect(hits(code)).toEqual(['taint-js-prototype-pollution@11'])
  })

  it('reads zod schemas: numbers, enums and patterns are safe, free strings are not', () => {
    const code = `import { z } from 'zod'
import { exec } from 'child_process'
const Job = z.object({ id: z.coerce.number(), mode: z.enum(['fast', 'slow']), note: z.string() })
app.post('/', (req) => {
  const job = Job.parse(req.body)
  exec('run ' + job.id + ' ' + job.mode)
  exec('run ' + job.note)
})`
    expect(hits(code)).toEqual(['taint-js-command-injection@7'])
  })
})

describe('taint engine: middleware factories', () => {
  it('analyzes the function a factory returns, and knows parseurl and the Location header', () => {
    const code = `const parseurl = require('parseurl')
const url = require('url')
module.exports = function serveStatic(root) {
  return function (req, res, next) {
    const original = parseurl.original(req)
    original.pathname += '/'
    res.setHeader('Location', url.format(original))
    res.setHeader('Location', '/index.html')
    const local = parseurl(req).pathname
    if (local.startsWith('/') && !local.startsWith('//')) res.setHeader('Location', local + '/')
  }
}`
    expect(hits(code).filter((h) => h.includes('open-redirect'))).toEqual(['taint-js-open-redirect@7'])
  })
})

describe('taint engine: library code', () => {
  /** `rule@line:severity/confidence` of each taint finding of a library file (no request in sight). */
  const lib = (code: string) => taint(code).map((f) => `${f.ruleId}@${f.line}:${f.severity}/${f.confidence}`)
  const pp = (line: number) => `taint-js-prototype-pollution@${line}:medium/low`

  it('reports a recursive merge that walks the target through keys of the source', () => {
    const merge = (guard: string) => `function merge(target, source) {
  for (const key in source) {
    ${guard}
    if (isObject(target[key]) && isObject(source[key])) merge(target[key], source[key])
    else target[key] = source[key]
  }
  return target
}
module.exports = merge`
    expect(lib(merge(''))).toEqual([pp(5)])
    // A check of __proto__ alone: merge({}, {constructor: {prototype: {x: 1}}}) still reaches Object.prototype.
    expect(lib(merge("if (key === '__proto__') continue"))).toEqual([pp(5)])
    // hasOwnProperty of the source proves nothing: a parsed "__proto__" key is an own property.
    expect(lib(merge('if (!Object.prototype.hasOwnProperty.call(source, key)) continue'))).toEqual([pp(5)])
    expect(lib(merge("if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue"))).toEqual([])
    expect(lib(merge("if (['__proto__', 'constructor'].includes(key)) continue"))).toEqual([])
    expect(lib(merge('if (!/^[a-z]+$/.test(key)) continue'))).toEqual([])
  })

  it('reports a set-by-path helper that walks `o = o[k]` and writes the last key', () => {
    const setPath = (guard: string) => `function isValidKey(key) {
  return key !== '__proto__' && key !== 'constructor' && key !== 'prototype'
}
export function setPath(obj, path, value) {
  const keys = path.split('.')
  let o = obj
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i]
    ${guard}
    if (!o[key]) o[key] = {}
    o = o[key]
  }
  const last = keys[keys.length - 1]
  ${guard.replace('key', 'last')}
  o[last] = value
}`
    expect(lib(setPath(''))).toContain(pp(15))
    expect(lib(setPath('if (!isValidKey(key)) return obj'))).toEqual([])
  })

  it('follows `arguments` and calls by the assigned name (jQuery.extend), and this in forIn callbacks (mixin-deep)', () => {
    const extend = `jQuery.extend = jQuery.fn.extend = function () {
  var target = arguments[0] || {}, options, name, src, copy
  for (var i = 1; i < arguments.length; i++) {
    if ((options = arguments[i]) != null) {
      for (name in options) {
        src = target[name]
        copy = options[name]
        if (copy && typeof copy === 'object') target[name] = jQuery.extend(src || {}, copy)
        else if (copy !== undefined) target[name] = copy
      }
    }
  }
  return target
}`
    expect(lib(extend)).toContain(pp(9))
    const mixin = `var forIn = require('for-in')
function mixinDeep(target, objects) {
  for (var i = 1; i < arguments.length; i++) forIn(arguments[i], copy, target)
  return target
}
function copy(val, key) {
  if (key === '__proto__') return
  var obj = this[key]
  if (isObject(val) && isObject(obj)) mixinDeep(obj, val)
  else this[key] = val
}
module.exports = mixinDeep`
    expect(lib(mixin)).toEqual([pp(10)])
  })

  it('leaves copies alone: shallow copies, clones walking their own keys, fresh targets', () => {
    const shallow = `export function assign(dst, src) {
  for (const k in src) dst[k] = src[k]
  return dst
}`
    const clone = `export function clone(obj) {
  const out = {}
  for (const k of Object.keys(obj)) out[k] = typeof obj[k] === 'object' ? clone(obj[k]) : obj[k]
  return out
}`
    const count = `export function countBy(items, keyOf) {
  const counts = Object.create(null)
  for (const item of items) counts[keyOf(item)] = (counts[keyOf(item)] || 0) + 1
  return counts
}`
    expect(lib(shallow)).toEqual([])
    expect(lib(clone)).toEqual([])
    expect(lib(count)).toEqual([])
  })

  it("treats an exported function's arguments as command input, and only for that kind", () => {
    const notify = `const { exec, execFile } = require('child_process')
const fs = require('fs')
function notify(message, options) {
  const args = ['notify-send', '--urgency', options.urgency]
  args.push(message)
  exec(args.join(' '))
  execFile('notify-send', [options.title, message])
  fs.readFileSync(options.icon)
}
function helper(cmd) {
  exec(cmd)
}
helper('notify-send --version')
module.exports = notify`
    expect(lib(notify)).toEqual(['taint-js-command-injection@6:medium/low'])
    const proto = `const { exec } = require('child_process')
function Converter(file) {
  this.file = file
}
Converter.prototype.run = function () {
  return exec('convert ' + this.file + ' out.png')
}
Converter.prototype.version = function () {
  return exec('convert --version')
}
module.exports = Converter`
    expect(lib(proto)).toEqual(['taint-js-command-injection@6:medium/low'])
    // The same function, not exported: nothing says its argument is untrusted.
    expect(lib(notify.replace('module.exports = notify', ''))).toEqual([])
  })
})

describe('taint engine: archives (zip slip)', () => {
  const zip = (line: string) => `taint-js-zip-slip@${line}`
  const slip = (code: string) => hits(code).filter((h) => h.startsWith('taint-js-zip-slip') || h.startsWith('taint-js-path'))

  it('reports entry names written under the destination', () => {
    const yauzl = `const fs = require('fs')
const path = require('path')
function extract(zipfile, dir) {
  zipfile.on('entry', (entry) => {
    const dest = path.join(dir, entry.fileName)
    zipfile.openReadStream(entry, (err, stream) => stream.pipe(fs.createWriteStream(dest)))
  })
}`
    expect(slip(yauzl)).toEqual([zip('6')])
    const admZip = `const AdmZip = require('adm-zip')
const fs = require('fs')
const path = require('path')
export function unpack(file, out) {
  for (const e of new AdmZip(file).getEntries()) fs.writeFileSync(path.join(out, e.entryName), e.getData())
}`
    expect(slip(admZip)).toEqual([zip('5')])
    const tar = `const fs = require('fs')
const path = require('path')
export function unpack(extract, out) {
  extract.on('entry', (header, stream, next) => {
    if (header.type === 'symlink') fs.symlinkSync(header.linkname, path.join(out, header.name))
    next()
  })
}`
    expect(slip(tar)).toEqual([zip('5')])
  })

  it('accepts a resolve-and-prefix check and a base name', () => {
    const checked = `const fs = require('fs')
const path = require('path')
function extract(zipfile, dir) {
  zipfile.on('entry', (entry) => {
    const dest = path.resolve(dir, entry.fileName)
    if (!dest.startsWith(path.resolve(dir) + path.sep)) return
    zipfile.openReadStream(entry, (err, stream) => stream.pipe(fs.createWriteStream(dest)))
  })
}`
    expect(slip(checked)).toEqual([])
    expect(
      slip(
        checked
          .replace('path.resolve(dir, entry.fileName)', 'path.join(dir, path.basename(entry.fileName))')
          .replace(/\n {4}if \(!dest.*\n/, '\n'),
      ),
    ).toEqual([])
  })

  it('keeps request data a path-traversal case, not an archive one', () => {
    const code = js(`import fs from 'fs'\napp.post('/', (req) => {\n  fs.writeFileSync('/srv/' + req.body.name, req.body.data)\n})`)
    expect(slip(code)).toEqual(['taint-js-path-traversal@6'])
  })
})

describe('taint engine: Python', () => {
  it('follows Flask request data through f-strings, % and format into sinks', () => {
    const code = `import os, sqlite3, subprocess
from flask import Flask, request
app = Flask(__name__)

@app.route("/a")
def a():
    q = request.args.get("q", "")
    os.system(f"grep {q} /var/log/app.log")
    sqlite3.connect("x").execute("SELECT * FROM t WHERE a = '%s'" % q)
    subprocess.run("ls {}".format(q), shell=True)
    subprocess.run(["ls", q])
    return "ok"
`
    expect(hits(code, 'python')).toEqual(['taint-py-command-injection@8', 'taint-py-sql-injection@9', 'taint-py-command-injection@10'])
  })

  it('knows Django views, FastAPI parameters and their types', () => {
    const django = `from django.http import HttpResponse\nfrom django.shortcuts import redirect\n\ndef view(request, slug):\n    if request.GET.get("go"):\n        return redirect(request.GET["next"])\n    return HttpResponse("<h1>" + slug + "</h1>")\n`
    expect(hits(django, 'python')).toEqual(['taint-py-open-redirect@6', 'taint-py-xss@7'])
    const fastapi = `import os
from fastapi import FastAPI, Depends
from pydantic import BaseModel
app = FastAPI()

class Item(BaseModel):
    count: int
    name: str

@app.post("/items/{item_id}")
async def create(item_id: int, item: Item, tag: str = "", db=Depends(get_db)):
    os.system(f"echo {item_id} {item.count}")
    os.system(f"echo {item.name}")
    os.system(f"echo {tag}")
`
    expect(hits(fastapi, 'python')).toEqual(['taint-py-command-injection@13', 'taint-py-command-injection@14'])
  })

  it('treats a Flask view return value as HTML, and escaping as a fix', () => {
    const code = `from flask import Flask, request\nfrom markupsafe import escape\napp = Flask(__name__)\n\n@app.route("/hi/<name>")\ndef hi(name):\n    if request.args.get("safe"):\n        return f"<b>{escape(name)}</b>"\n    return f"<b>{name}</b>"\n`
    expect(hits(code, 'python')).toEqual(['taint-py-xss@9'])
    const json = `from flask import Flask, request\napp = Flask(__name__)\n\n@app.get("/u")\ndef u():\n    return {"name": request.args["n"]}, 200\n`
    expect(hits(json, 'python')).toEqual([])
  })

  it('stops at allow-lists, conversions and quoting', () => {
    const code = `import os, shlex, re
from flask import Flask, request, abort
app = Flask(__name__)
ALLOWED = {"a", "b"}

@app.route("/")
def index():
    x = request.args["x"]
    if x not in ALLOWED:
        abort(400)
    os.system("ls " + x)
    y = request.args["y"]
    os.system("kill " + str(int(y)))
    os.system("ls " + shlex.quote(y))
    if not re.fullmatch(r"[a-z]+", y):
        raise ValueError(y)
    os.system("ls " + y)
    return ""
`
    expect(hits(code, 'python')).toEqual([])
  })

  it('follows self fields, helper functions and comprehensions', () => {
    const code = `import os
from flask import Flask, request
app = Flask(__name__)

class Runner:
    def __init__(self, cmd):
        self.cmd = cmd

    def go(self):
        return os.system(self.cmd)

def build(parts):
    return " ".join([p.strip() for p in parts])

@app.post("/")
def run():
    Runner(build(request.form.getlist("p"))).go()
    return ""
`
    expect(hits(code, 'python')).toEqual(['taint-py-command-injection@10'])
  })
})

describe('taint findings in the report', () => {
  it('carry the path from the source to the sink, with a confidence', () => {
    const [finding] = taint(js(`app.get('/a', (req, res) => {\n  const dir = req.query.dir\n  exec('ls ' + dir)\n})`))
    expect(finding!.confidence).toBe('high')
    expect(finding!.flow![0]!.message).toMatch(/req\.query .*Express request/)
    expect(finding!.flow!.at(-1)!.message).toMatch(/command injection/)
    expect(finding!.flow!.map((s) => s.line)).toEqual([5, 5, 6])
    expect(finding!.message).toMatch(/Untrusted input from req\.query/)
  })

  it('lower the confidence for local sources and unknown calls', () => {
    expect(taint(`import { exec } from 'child_process'\nexec('ls ' + process.argv[2])`)[0]!.confidence).toBe('low')
    const [through] = taint(js(`app.get('/a', (req) => exec(mystery(req.query.x)))`))
    expect(through!.confidence).toBe('medium')
  })

  it('replace a pattern finding of the same family on the same line, and one the data flow proved safe', () => {
    const vuln = `import { exec } from 'child_process'\napp.get('/', (req) => {\n  exec('ls ' + req.query.dir)\n})`
    const withRules = (code: string) => analyzeText('app.js', 'javascript', code, rules, filter).findings
    const noTaint = (code: string) => analyzeText('app.js', 'javascript', code, rules, { categories: ['security'], standards: [] }).findings
    expect(noTaint(vuln).some((f) => f.line === 3 && f.engine === 'ast-grep')).toBe(true)
    expect(
      withRules(vuln)
        .filter((f) => f.line === 3)
        .map((f) => f.engine),
    ).toEqual(['taint'])
    const safe = `import { exec } from 'child_process'\napp.get('/', (req) => {\n  exec('ls ' + Number(req.query.dir))\n})`
    expect(noTaint(safe).some((f) => f.line === 3)).toBe(true)
    expect(withRules(safe).filter((f) => f.line === 3)).toEqual([])
  })

  it('become SARIF codeFlows and a printed path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'codex-taint-'))
    writeFileSync(join(dir, 'app.js'), js(`app.get('/a', (req, res) => {\n  exec('ls ' + req.query.dir)\n})\n`))
    const ctx = createContext({ workspace: dir, config: defaultConfig() })
    const result = await runAnalyze({ path: '.', analysis_type: ['security'], cache: false }, ctx)
    const sarif = toSarif(result, '0.0.0')
    const flagged = sarif.runs[0]!.results.find((r) => r.ruleId === 'taint-js-command-injection') as unknown as {
      codeFlows: Array<{
        threadFlows: Array<{ locations: Array<{ location: { physicalLocation: { region: { startLine: number } } }; kinds: string[] }> }>
      }>
    }
    const locations = flagged.codeFlows[0]!.threadFlows[0]!.locations
    expect(locations.map((l) => l.location.physicalLocation.region.startLine)).toEqual([5, 5])
    expect(locations.map((l) => l.kinds[0])).toEqual(['source', 'sink'])
    expect(result.rules.find((r) => r.id === 'taint-js-command-injection')?.cwe).toEqual([78])
    const text = toText(result, { color: false })
    expect(text).toMatch(/path: \(confidence high\)/)
    expect(text).toMatch(/1\. source 5:\d+ +req\.query/)
  })
})

describe('taint across modules', () => {
  it('reports a call that passes request data into another module whose function reaches a sink', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'codex-taint-'))
    mkdirSync(join(dir, 'lib'))
    writeFileSync(
      join(dir, 'lib', 'shell.js'),
      `import { exec } from 'child_process'\nexport function run(tool, args) {\n  return exec(tool + ' ' + args)\n}\n`,
    )
    writeFileSync(
      join(dir, 'server.js'),
      `import { run } from './lib/shell.js'\napp.post('/', (req) => {\n  run('convert', req.body.args)\n})\n`,
    )
    mkdirSync(join(dir, 'pkg'))
    writeFileSync(join(dir, 'pkg', 'db.py'), `def find(conn, name):\n    return conn.execute("SELECT * FROM u WHERE n = '" + name + "'")\n`)
    writeFileSync(
      join(dir, 'pkg', 'views.py'),
      `from flask import request\nfrom .db import find\n\ndef view():\n    return find(get_conn(), request.args["n"])\n`,
    )
    const ctx = createContext({ workspace: dir, config: defaultConfig() })
    const result = await runAnalyze({ path: '.', analysis_type: ['security'], cache: false }, ctx)
    const cross = result.findings.filter((f) => f.engine === 'taint').map((f) => `${f.file}:${f.line}:${f.ruleId}`)
    expect(cross).toContain('server.js:3:taint-js-command-injection')
    expect(cross).toContain('pkg/views.py:5:taint-py-sql-injection')
    const finding = result.findings.find((f) => f.file === 'server.js')!
    expect(finding.flow!.map((s) => s.file)).toContain('lib/shell.js')
  })
})

describe('taint data', () => {
  it('loads the built-in YAML with every kind mapped to a CWE', () => {
    const specs = loadTaintSpecs()
    expect(specs.js.kinds.length).toBeGreaterThanOrEqual(15)
    for (const kind of specs.js.kinds) expect(kind.cwe.length).toBeGreaterThan(0)
    expect(specs.js.sources.length).toBeGreaterThan(10)
    expect(specs.python.sources.length).toBeGreaterThan(8)
  })

  it("adds a project's own sources, sinks and sanitizers from .codex/taint", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'codex-taint-'))
    mkdirSync(join(dir, '.codex', 'taint'), { recursive: true })
    writeFileSync(
      join(dir, '.codex', 'taint', 'acme.yml'),
      `language: js
name: Acme framework
sources:
  - { id: acme-input, title: Acme input, call: [acme.input] }
sinks:
  - { id: acme-shell, kind: command-injection, title: acme.shell(), call: [acme.shell] }
sanitizers:
  - { call: [acme.clean], kinds: [command-injection] }
`,
    )
    writeFileSync(join(dir, 'job.js'), `import acme from 'acme'\nconst v = acme.input('x')\nacme.shell(v)\nacme.shell(acme.clean(v))\n`)
    const ctx = createContext({ workspace: dir, config: defaultConfig() })
    const result = await runAnalyze({ path: '.', analysis_type: ['security'], cache: false }, ctx)
    expect(result.findings.filter((f) => f.engine === 'taint').map((f) => f.line)).toEqual([3])
  })

  it('rejects a malformed project file with the file and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codex-taint-'))
    writeFileSync(join(dir, 'bad.yml'), 'language: js\nname: Bad\nsinks:\n  - { id: x, kind: nope, title: x, call: [x] }\n')
    expect(() => loadTaintSpecs([dir])).toThrow(ConfigError)
    expect(() => loadTaintSpecs([dir])).toThrow(/unknown kind "nope"/)
    writeFileSync(join(dir, 'bad.yml'), 'language: js\nname: Bad\nsources:\n  - { id: x, title: x }\n')
    expect(() => loadTaintSpecs([dir])).toThrow(/exactly one of/)
  })

  it('is off with analyze.taint: false', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'codex-taint-'))
    writeFileSync(join(dir, 'app.js'), js(`app.get('/a', (req, res) => {\n  exec('ls ' + req.query.dir)\n})\n`))
    const config = defaultConfig()
    config.analyze.taint = false
    const result = await runAnalyze({ path: '.', analysis_type: ['security'], cache: false }, createContext({ workspace: dir, config }))
    expect(result.findings.some((f) => f.engine === 'taint')).toBe(false)
  })
})

describe('taint budgets', () => {
  it('stops on pathological code within its limits and keeps what it found', () => {
    const nested = `${'if (a) {\n'.repeat(300)}exec(req.query.x)\n${'}\n'.repeat(300)}`
    const loops = `${'for (const x of y) {\n'.repeat(40)}z = z + req.query.q\n${'}\n'.repeat(40)}`
    const chain = `let v = req.query.a\n${Array.from({ length: 3000 }, (_, i) => `v = f${i}(v, v + '${i}')`).join('\n')}\nexec(v)`
    for (const body of [nested, loops, chain]) {
      const code = `import { exec } from 'child_process'\nfunction h(req) {\n${body}\n}`
      const started = performance.now()
      const root = parseSource('javascript', code)
      const result = runTaint(root, 'javascript', 'app.js', loadTaintSpecs(), { maxNodes: 250_000, maxSteps: 200_000, maxMillis: 2_000 })
      expect(performance.now() - started).toBeLessThan(5_000)
      expect(Array.isArray(result.matches)).toBe(true)
    }
  })

  it('skips files over the node limit with a note', () => {
    const code = `import { exec } from 'child_process'\nfunction h(req) {\n${'x = x + 1\n'.repeat(2000)}exec(req.query.x)\n}`
    const result = runTaint(parseSource('javascript', code), 'javascript', 'app.js', loadTaintSpecs(), {
      maxNodes: 1000,
      maxSteps: 1_000_000,
      maxMillis: 2_000,
    })
    expect(result.stopped).toMatch(/too large/)
    expect(result.matches).toEqual([])
  })
})
