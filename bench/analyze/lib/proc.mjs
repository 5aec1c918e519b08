// Child processes with a time limit, wall-clock timing, and stdout sent to a file (outputs can be large).
import { spawn, spawnSync } from 'node:child_process'
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** GNU time, when present, measures the child's CPU time (user + sys, children included). */
const TIME_BIN = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined
let seq = 0

/**
 * Runs cmd with args; stdout goes to `stdoutFile` when given (else is captured), stderr is captured
 * (last 64 KiB). Resolves { code, signal, ms, cpuMs, stdout, stderr, timedOut } and never rejects on
 * a non-zero exit: linters exit 1 when they find something. cpuMs (user + sys of the process tree,
 * from GNU time) is NaN when /usr/bin/time is missing.
 */
export function run(cmd, args, { cwd, timeoutMs = 300_000, stdoutFile, env } = {}) {
  const cpuFile = TIME_BIN ? join(tmpdir(), `bench-cpu-${process.pid}-${seq++}.txt`) : undefined
  if (cpuFile) {
    args = ['-f', '%U %S', '-o', cpuFile, cmd, ...args]
    cmd = TIME_BIN
  }
  return new Promise((resolve) => {
    const fd = stdoutFile ? openSync(stdoutFile, 'w') : undefined
    const started = process.hrtime.bigint()
    let child
    try {
      child = spawn(cmd, args, {
        cwd,
        env: env ?? process.env,
        stdio: ['ignore', fd ?? 'pipe', 'pipe'],
        detached: true, // own process group, so a timeout can end the whole tree
      })
    } catch (error) {
      if (fd !== undefined) closeSync(fd)
      resolve({ code: -1, ms: 0, stdout: '', stderr: String(error), timedOut: false })
      return
    }
    const out = []
    let err = ''
    child.stdout?.on('data', (d) => out.push(d))
    child.stderr.on('data', (d) => {
      err = (err + d).slice(-65536)
    })
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {
        /* already gone */
      }
    }, timeoutMs)
    child.on('error', (error) => {
      err += String(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      if (fd !== undefined) closeSync(fd)
      let cpuMs = NaN
      if (cpuFile) {
        try {
          const [u, sy] = readFileSync(cpuFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number)
          cpuMs = (u + sy) * 1000
          rmSync(cpuFile)
        } catch {
          /* killed before time wrote it */
        }
      }
      resolve({
        code: code ?? -1,
        signal,
        ms,
        cpuMs,
        stdout: fd !== undefined ? '' : Buffer.concat(out).toString('utf8'),
        stderr: err,
        timedOut,
      })
    })
  })
}

/** Synchronous helper for short set-up commands; returns { ok, stdout, stderr, status }. */
export function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 600_000, ...opts })
  return { ok: r.status === 0, status: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') }
}

export function has(cmd) {
  return sh('sh', ['-c', `command -v ${cmd}`]).ok
}

export function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'))
}

export function median(xs) {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  if (!s.length) return NaN
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/**
 * Copies `root`/dist to `work`/codex and returns the copy's CLI, so that a rebuild during a benchmark (it
 * deletes dist/ first) cannot break or mix its runs. Bare imports of the copy still resolve to the repo's
 * node_modules (a parent folder).
 */
export function snapshotDist(root, work) {
  const snap = join(work, 'codex')
  rmSync(snap, { recursive: true, force: true })
  mkdirSync(snap, { recursive: true })
  cpSync(join(root, 'dist'), join(snap, 'dist'), { recursive: true })
  cpSync(join(root, 'package.json'), join(snap, 'package.json'))
  return join(snap, 'dist', 'interfaces', 'cli', 'main.js')
}
