/** Bubblewrap file-system isolation: the workspace is writable (or not), everything else is not. */
import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { UserInputError } from '../../src/core/errors.js'
import { describeSandbox, runSandboxed, type SandboxPolicy } from '../../src/sandbox/index.js'
import { describeBubblewrap, makeWorkspace } from './helpers.js'

const workspace = makeWorkspace()
mkdirSync(join(workspace, '.git'))
writeFileSync(join(workspace, 'given.txt'), 'from the host\n')

function sh(script: string, sandbox: SandboxPolicy = 'workspace-write') {
  return runSandboxed({
    command: 'sh',
    args: ['-c', script],
    workspace,
    backend: 'bubblewrap',
    policy: { sandbox },
    limits: { timeoutMs: 10_000 },
  })
}

describeBubblewrap('bubblewrap file-system isolation', () => {
  it('is installed and can start a sandbox without network (CI installs the Debian package `bubblewrap`)', async () => {
    const description = await describeSandbox()
    expect(
      description.bubblewrap.error,
      'bubblewrap is required; CODEX_SANDBOX_TESTS=fallback runs only the fallback tests',
    ).toBeUndefined()
    expect(description).toMatchObject({
      backend: 'bubblewrap',
      isolated: true,
      networkIsolation: true,
      bubblewrap: { installed: true, usable: true },
    })
    expect(description.bubblewrap.version).toMatch(/^bubblewrap \d+\.\d+/)
  })

  it('workspace-write: a write inside the workspace lands on the host', async () => {
    const result = await sh('echo written > inside.txt && mkdir -p sub && echo deep > sub/deep.txt')
    expect(result).toMatchObject({ exitCode: 0, sandbox: 'bubblewrap', warnings: [] })
    expect(readFileSync(join(workspace, 'inside.txt'), 'utf8')).toBe('written\n')
    expect(readFileSync(join(workspace, 'sub', 'deep.txt'), 'utf8')).toBe('deep\n')
  })

  it('workspace-write: writes to /etc, /usr and $HOME fail and leave nothing on the host', async () => {
    const name = `codex-sandbox-${randomUUID()}`
    const targets = ['/etc', '/usr', homedir()].map((dir) => join(dir, name))
    const result = await sh(targets.map((t) => `if echo x > ${t}; then echo "WROTE ${t}"; fi`).join('\n'))
    expect(result.stdout).not.toContain('WROTE')
    expect(result.stderr).toMatch(/Read-only file system/)
    for (const target of targets) expect(existsSync(target), target).toBe(false)
  })

  it('workspace-write: cannot remount the root writable (capabilities are dropped, even as root)', async () => {
    const target = `/etc/codex-sandbox-${randomUUID()}`
    const result = await sh(
      `mount -o remount,bind,rw / 2>/dev/null; echo x > ${target} 2>/dev/null && echo ESCAPED; grep CapEff /proc/self/status`,
    )
    rmSync(target, { force: true })
    expect(result.stdout).not.toContain('ESCAPED')
    expect(result.stdout).toMatch(/CapEff:\s+0+\n/)
  })

  it('workspace-write: the workspace .git folder stays read-only', async () => {
    const result = await sh('echo "#!/bin/sh" > .git/hooks-pre-commit')
    expect(result.exitCode).not.toBe(0)
    expect(existsSync(join(workspace, '.git', 'hooks-pre-commit'))).toBe(false)
  })

  it('workspace-write: /tmp is private to the run', async () => {
    const name = `codex-sandbox-${randomUUID()}`
    const result = await sh(`echo x > /tmp/${name} && cat /tmp/${name} && echo "HOME=$HOME"`)
    expect(result.stdout).toBe('x\nHOME=/tmp/home\n')
    expect(existsSync(join('/tmp', name))).toBe(false)
    const again = await sh(`ls /tmp/${name}`)
    expect(again.exitCode).not.toBe(0)
  })

  it('read-only: the workspace can be read but not written', async () => {
    const result = await sh('cat given.txt; echo changed > given.txt || echo REFUSED; touch new.txt || echo REFUSED', 'read-only')
    expect(result.stdout).toBe('from the host\nREFUSED\nREFUSED\n')
    expect(readFileSync(join(workspace, 'given.txt'), 'utf8')).toBe('from the host\n')
    expect(existsSync(join(workspace, 'new.txt'))).toBe(false)
  })

  it('full: writes outside the workspace are allowed', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'codex-sandbox-outside-'))
    try {
      const result = await sh(`echo free > ${join(outside, 'out.txt')}`, 'full')
      expect(result.exitCode).toBe(0)
      expect(readFileSync(join(outside, 'out.txt'), 'utf8')).toBe('free\n')
    } finally {
      rmSync(outside, { recursive: true, force: true })
    }
  })

  it('hides credential folders of the home directory', async () => {
    // Inside the workspace, because the host's /tmp is not visible at all; the masks still apply there.
    const home = join(workspace, 'home')
    mkdirSync(join(home, '.ssh'), { recursive: true })
    writeFileSync(join(home, '.ssh', 'id_ed25519'), 'PRIVATE KEY MATERIAL')
    writeFileSync(join(home, '.npmrc'), '//registry.npmjs.org/:_authToken=npm_SECRET')
    writeFileSync(join(home, 'notes.txt'), 'readable')
    const saved = process.env.HOME
    process.env.HOME = home // homedir() follows $HOME
    try {
      const result = await sh(`cat ${home}/.ssh/id_ed25519 ${home}/.npmrc ${home}/notes.txt`)
      expect(result.stdout).toBe('readable')
      expect(result.stderr).toContain('No such file')
    } finally {
      process.env.HOME = saved
    }
  })

  it('refuses a working folder outside the workspace', async () => {
    await expect(runSandboxed({ command: 'true', workspace, cwd: '/etc' })).rejects.toBeInstanceOf(UserInputError)
    await expect(runSandboxed({ command: 'true', workspace, cwd: '..' })).rejects.toThrow(/outside the workspace/)
  })
})
