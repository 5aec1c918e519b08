/** Network isolation: a sandboxed process cannot reach the host, not even its loopback, unless allowed. */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ApprovalDeniedError, runSandboxed, type RunSandboxedOptions } from '../../src/sandbox/index.js'
import { describeBubblewrap, makeWorkspace } from './helpers.js'

const workspace = makeWorkspace()
let tcp: Server
let http: HttpServer
let tcpPort = 0
let httpPort = 0

beforeAll(async () => {
  tcp = createServer((socket) => socket.end('hello from the host\n'))
  http = createHttpServer((_req, res) => res.end('http ok'))
  await Promise.all([new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r)), new Promise<void>((r) => http.listen(0, '127.0.0.1', r))])
  tcpPort = (tcp.address() as AddressInfo).port
  httpPort = (http.address() as AddressInfo).port
})
afterAll(() => {
  tcp.close()
  http.close()
})

/** A node script that connects to the host's TCP server and prints what it got, or the error code. */
function connect(options: Partial<RunSandboxedOptions> = {}) {
  const script = `require('node:net').connect(${tcpPort}, '127.0.0.1')
    .on('data', (d) => process.stdout.write('GOT ' + d))
    .on('error', (e) => { console.log('ERR ' + e.code); process.exitCode = 3 })`
  return runSandboxed({
    command: process.execPath,
    args: ['-e', script],
    workspace,
    backend: 'bubblewrap',
    limits: { timeoutMs: 10_000 },
    ...options,
  })
}

describeBubblewrap('bubblewrap network isolation', () => {
  it('control: the same script reaches the host server when the network is allowed', async () => {
    const result = await connect({ policy: { network: true } })
    expect(result.stdout).toBe('GOT hello from the host\n')
    expect(result.exitCode).toBe(0)
  })

  it('control: the same script reaches the host server outside the sandbox', async () => {
    const result = await connect({ backend: 'process' })
    expect(result.stdout).toBe('GOT hello from the host\n')
  })

  it("cannot connect to the host's loopback with the network off (the default)", async () => {
    const result = await connect()
    expect(result.stdout).toMatch(/^ERR (ECONNREFUSED|ENETUNREACH)\n$/)
    expect(result.exitCode).toBe(3)
  })

  it('cannot fetch over HTTP or resolve a host name', async () => {
    const script = `
      const dns = require('node:dns').promises
      fetch('http://127.0.0.1:${httpPort}/').then(async (r) => console.log('HTTP ' + (await r.text())), (e) => console.log('HTTP failed ' + (e.cause?.code ?? e.message)))
        .then(() => dns.resolve4('registry.npmjs.org')).then((a) => console.log('DNS ' + a), (e) => console.log('DNS failed ' + e.code))`
    const result = await runSandboxed({
      command: process.execPath,
      args: ['-e', script],
      workspace,
      backend: 'bubblewrap',
      limits: { timeoutMs: 10_000 },
    })
    expect(result.stdout).toMatch(/^HTTP failed ECONNREFUSED\nDNS failed \w+\n$/)
    const allowed = await runSandboxed({
      command: process.execPath,
      args: ['-e', script],
      workspace,
      backend: 'bubblewrap',
      policy: { network: true },
    })
    expect(allowed.stdout).toMatch(/^HTTP http ok\n/)
  })

  it('approval never: a command that needs the network is refused before it starts', async () => {
    const attempt = connect({ policy: { approval: 'never' }, escalation: { network: true, justification: 'download a package' } })
    await expect(attempt).rejects.toBeInstanceOf(ApprovalDeniedError)
    await expect(attempt).rejects.toThrow(/needs network access.*approval policy is "never"/)
  })

  it('approval ask: an approved escalation gets the network for that command only', async () => {
    const asked: string[] = []
    const approved = await connect({
      policy: { approval: 'ask' },
      escalation: { network: true },
      approver: (request) => {
        asked.push(request.exceeds.join('; '))
        return 'approve'
      },
    })
    expect(approved.stdout).toBe('GOT hello from the host\n')
    expect(approved.policy.network).toBe(true)
    expect(asked).toEqual(['needs network access but the policy has the network off'])
    await expect(connect({ policy: { approval: 'ask' }, escalation: { network: true }, approver: () => 'deny' })).rejects.toThrow(/denied/)
    const within = await connect({ policy: { approval: 'ask' }, approver: () => 'approve' })
    expect(within.stdout).toMatch(/^ERR /)
  })
})
