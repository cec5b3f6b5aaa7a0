// The specification of webserver1.ts. Each test starts the server, talks to
// it in raw bytes over TCP, and checks exactly what comes back.
// npm test runs them, and so does each runtime's own test command beside
// webserver1.ts in any folder (npx tsx --test test.ts, node --test test.ts,
// deno test -A, bun test ./test.ts). RUNTIME=node, deno or bun runs the
// servers on that runtime instead.
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import {
  mkdtempSync, readdirSync, readFileSync, readlinkSync, rmdirSync, unlinkSync,
  writeFileSync,
} from 'node:fs'
import { connect, createServer, type AddressInfo, type Socket } from 'node:net'
import { availableParallelism, constants, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { setImmediate, setTimeout as delay } from 'node:timers/promises'
import { pathToFileURL } from 'node:url'

// The runtime running the tests runs the servers too, unless RUNTIME names
// another. The tests' names and skips below read these.
const RUNNER = 'Deno' in globalThis ? 'deno' : process.versions.bun ? 'bun'
  : process.execArgv.some((arg) => arg.includes('tsx')) ? 'tsx' : 'node'
const RUNTIME = process.env.RUNTIME?.trim() || RUNNER
const LINUX = process.platform === 'linux'
const WINDOWS = process.platform === 'win32'
const onlyLinux = (reason: string) => !LINUX && `Linux only: ${reason}`
const onlyPosix = (reason: string) => WINDOWS && `not on Windows: ${reason}`

// Tests run at once where the runner lets them (node:test does); those
// marked `apart` run one at a time, with no other test running.
describe(`webserver1.ts on ${RUNTIME}`, { concurrency: true }, () => {
  spec('GET /hello is answered "HTTP/1.1 200 OK", CRLF, "Hello, World!"',
    async (t) => {
      const server = await start(t) // on port 0, so on any free port
      const socket = await open(t, server.port)
      const replied = reply(socket)
      socket.write('GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n')
      assert.deepEqual(await replied,
        { bytes: 'HTTP/1.1 200 OK\r\n\r\nHello, World!\n', close: 'FIN' })
    })

  describe('start-up: HOST, PORT, bind, listen', () => {
    spec('with no argument it serves on port 8888', async (t) => {
      const server = await launch(t, [])
      if (!await listening(server)) { // another program holds 8888
        assert.deepEqual(await server.exited, [1, null])
        assert.equal(server.stderr, 'Port 8888 is not available (EADDRINUSE)\n')
        return
      }
      assert.equal(server.port, 8888)
      assert.deepEqual(await exchange(t, 8888), answered)
    })

    spec('its first argument is the port, and the banner names it',
      async (t) => {
        const probe = (await occupy(0))!
        const { port } = probe.address() as AddressInfo
        probe.close()
        await once(probe, 'close')
        const server = await start(t, [String(port)])
        assert.equal(server.port, port)
        assert.deepEqual(await exchange(t, port), answered)
      })

    spec('a port outside 0-65535 is one usage line and exit 2', async (t) => {
      const bad = ['abc', '65536', '70000', '-5', '8.5', '']
      await Promise.all(bad.map(async (argument) => {
        const server = await launch(t, [argument])
        assert.deepEqual(await server.exited, [2, null], argument)
        assert.equal(server.stderr, USAGE, argument)
        assert.equal(server.stdout, '', argument)
      }))
    })

    spec('a port in use is one line naming it and exit 1', async (t) => {
      const holder = (await occupy(0))!
      t.after(() => holder.close())
      const { port } = holder.address() as AddressInfo
      const server = await launch(t, [String(port)])
      assert.deepEqual(await server.exited, [1, null])
      assert.equal(server.stderr,
        `Port ${port} is not available (EADDRINUSE)\n`)
      assert.equal(server.stdout, '')
    })

    // No client can be relied on to make accepting fail, so a module loaded
    // first fakes the error an accept could meet, EMFILE, which says that
    // the process has reached its limit of open files.
    spec('an error once listening is one line naming it and exit 1',
      async (t) => {
        const server = await start(t, ['0'], { command: preloading(t, `
          import net from 'node:net'
          const listen = net.Server.prototype.listen
          net.Server.prototype.listen = function (...args) {
            this.once('listening', () => setTimeout(() => this.emit('error',
              Object.assign(new Error('accept EMFILE'), { code: 'EMFILE' })),
              50))
            return listen.apply(this, args)
          }`) })
        assert.deepEqual(await server.exited, [1, null])
        assert.equal(server.stderr, 'Could not accept a client (EMFILE)\n')
        server.stderr = ''
        assert.equal(server.stdout, '')
      })

    spec('it answers on IPv6 loopback too (HOST is every interface)',
      async (t) => {
        const server = await start(t)
        assert.deepEqual(await exchange(t, server.port, GET, { host: '::1' }),
          answered)
      }, RUNTIME === 'deno' && WINDOWS
        && 'Deno listens on IPv4 only on Windows')

    spec('it answers on 127.0.0.2, not only on 127.0.0.1', async (t) => {
      const server = await start(t)
      assert.deepEqual(
        await exchange(t, server.port, GET, { host: '127.0.0.2' }), answered)
    }, onlyLinux('elsewhere loopback answers on 127.0.0.1 alone'))
  })

  describe('accept: one at a time, in a waiting line', () => {
    // It runs apart for its quiet window, in which a server that did not wait
    // its turn would answer, unless other tests kept the machine busy.
    apart('it serves clients one at a time, in the order they connected',
      async (t) => {
        const server = await start(t)
        const first = await open(t, server.port)
        const firstReply = reply(first)
        const closed: string[] = []
        const behind = await Promise.all(['second', 'third'].map(
          async (name) => {
            const socket = await open(t, server.port)
            socket.once('end', () => closed.push(name)) // the server's FIN
            return [socket, reply(socket)] as const
          }))
        behind[1][0].write('third\n') // sends first, but connected later
        behind[0][0].write('second\n')
        await delay(300) // the quiet window
        assert.deepEqual(closed, [])
        assert.equal(server.stdout, '')
        first.write('first\n')
        assert.deepEqual(await firstReply, answered)
        assert.deepEqual(await Promise.all(behind.map(([, r]) => r)),
          [answered, answered])
        assert.deepEqual(closed, ['second', 'third'])
        assert.equal(await output(server, (s) => s.endsWith('third\n\n')),
          'first\n\nsecond\n\nthird\n\n')
      })

    spec('it has no timeout: a client silent for 2 s gets its answer',
      async (t) => {
        const server = await start(t)
        const socket = await open(t, server.port)
        const replied = reply(socket)
        await delay(2000) // the silence is the point
        socket.write(GET)
        assert.deepEqual(await replied, answered)
      })

    spec('a client that half-closes while in line gets the answer',
      async (t) => {
        const server = await start(t)
        const first = await open(t, server.port)
        const firstReply = reply(first)
        const second = await open(t, server.port)
        const secondReply = reply(second)
        second.end(GET)
        first.write(GET)
        assert.deepEqual(await firstReply, answered)
        assert.deepEqual(await secondReply, answered)
      })

    // Linux shows the bytes the kernel holds unread for each connection. A
    // waiting client's bytes stay there until its turn, as in the Python.
    spec('a client waiting in line is not read before its turn', async (t) => {
      const server = await start(t)
      const first = await open(t, server.port)
      const firstReply = reply(first)
      const waiting = await open(t, server.port)
      const waitingReply = reply(waiting)
      waiting.write(GET)
      await within(2000, () => unread(server, waiting) === GET.length,
        () => `${unread(server, waiting)} bytes unread, not ${GET.length}`)
      // Two more clients are accepted, one after the other, so the server
      // has gone round its event loop since those bytes came.
      for (let i = 0; i < 2; i++) {
        const held = sockets(server)
        await open(t, server.port)
        await within(2000, () => sockets(server) > held,
          () => 'a client not accepted in 2 s')
      }
      assert.equal(unread(server, waiting), GET.length)
      first.write(GET)
      assert.deepEqual(await firstReply, answered)
      assert.deepEqual(await waitingReply, answered)
    }, onlyLinux('reads the kernel\'s queues in /proc/net/tcp'))

    // It runs apart, for the count of connections turned away is the whole
    // machine's.
    apart('40 clients connecting at once all get in, none dropped',
      async (t) => {
        const server = await start(t)
        const before = listenOverflows()
        const clients = await Promise.all(
          Array.from({ length: 40 }, () => open(t, server.port)))
        // A dropped SYN costs its client a second or more before it retries.
        assert.equal(listenOverflows() - before, 0)
        const replies = clients.map((socket) => reply(socket))
        for (const socket of clients) socket.write(GET)
        assert.deepEqual(await Promise.all(replies), Array(40).fill(answered))
      }, onlyLinux('counts dropped connections in /proc/net/netstat'))
  })

  describe('recv(1024) and print', () => {
    spec('it prints the request as UTF-8 text and a newline', async (t) => {
      const server = await start(t)
      assert.deepEqual(await exchange(t, server.port, 'GET /héllo\r\n'),
        answered)
      assert.equal(await output(server, (s) => s.length > 0),
        'GET /héllo\r\n\n')
    })

    spec('it prints the first 1024 bytes of a longer request', async (t) => {
      const server = await start(t)
      const request = `GET /${'a'.repeat(2000)} HTTP/1.1\r\n\r\n`
      assert.deepEqual(await exchange(t, server.port, request), answered)
      assert.equal(await output(server, (s) => s.length > 0),
        `${request.slice(0, 1024)}\n`)
    })

    spec('it prints bytes that are not UTF-8 as U+FFFD', async (t) => {
      const server = await start(t)
      const bytes = Buffer.from([0x47, 0xff, 0x45, 0xfe, 0x54, 0x0a])
      assert.deepEqual(await exchange(t, server.port, bytes), answered)
      assert.equal(await output(server, (s) => s.length > 0),
        'G\uFFFDE\uFFFDT\n\n')
    })

    spec('a client that closes without sending prints an empty line',
      async (t) => {
        const server = await start(t)
        assert.deepEqual(await exchange(t, server.port, '', { end: true }),
          answered)
        assert.equal(await output(server, (s) => s.length > 0), '\n')
      })

    spec('a request sent a byte at a time is answered after its first',
      async (t) => {
        const server = await start(t)
        const socket = await open(t, server.port)
        const replied = reply(socket, { keepOpen: true })
        socket.write(GET[0])
        await once(socket, 'end') // the answer has come, and the server's FIN
        for (const byte of GET.slice(1)) {
          await new Promise((resolve) => socket.write(byte, resolve))
        }
        socket.end()
        assert.deepEqual(await replied, answered)
        assert.equal(await output(server, (s) => s.length > 0), 'G\n')
      })
  })

  describe('the answer: sendall(http_response)', () => {
    // Windows editors and git's autocrlf save a file with CRLF line ends,
    // the answer's literal among them, and the bytes sent must not change.
    spec('a copy saved with CRLF line ends sends the same bytes', async (t) => {
      const folder = mkdtempSync(join(tmpdir(), 'webserver1-'))
      const copy = join(folder, 'webserver1.ts')
      t.after(() => { unlinkSync(copy); rmdirSync(folder) })
      const source = readFileSync(new URL('webserver1.ts', import.meta.url),
        'utf8').replace(/\r?\n/g, '\r\n')
      assert.ok(source.includes('\r\nHTTP/1.1 200 OK\\r\r\n\\r\r\n'))
      writeFileSync(copy, source)
      const server = await start(t, ['0'],
        { command: [...COMMAND.slice(0, -1), copy] })
      assert.deepEqual(await exchange(t, server.port), answered)
    })

    spec('it answers any bytes at all, binary garbage too', async (t) => {
      const server = await start(t)
      const garbage = Buffer.from(Array.from({ length: 4096 },
        (_, i) => (i * 131 + 7) % 256))
      assert.deepEqual(await exchange(t, server.port, garbage), answered)
      assert.deepEqual(await exchange(t, server.port), answered)
    })

    spec('a client that half-closes after its request gets it all',
      async (t) => {
        const server = await start(t)
        assert.deepEqual(await exchange(t, server.port, GET, { end: true }),
          answered)
      })

    spec("the runtime's fetch reads the status and the body", async (t) => {
      const server = await start(t)
      const response = await fetch(`http://localhost:${server.port}/hello`)
      assert.equal(`${response.status} ${response.statusText}`, '200 OK')
      assert.equal(await response.text(), 'Hello, World!\n')
    })

    spec("node:http's get reads the status and the body", async (t) => {
      const server = await start(t)
      const { get } = await import('node:http')
      const [response] = await once(get(`http://localhost:${server.port}/`),
        'response')
      let body = ''
      for await (const chunk of response.setEncoding('utf8')) body += chunk
      assert.equal(`${response.statusCode} ${response.statusMessage}`,
        '200 OK')
      assert.equal(body, 'Hello, World!\n')
    })
  })

  describe('close(): a FIN, and letting go', () => {
    spec('a 64 KiB request gets the whole answer and a FIN, 5 of 5',
      async (t) => {
        const server = await start(t)
        const request = `GET / HTTP/1.1\r\n${
          'X-Filler: 0123456789\r\n'.repeat(3000)}`
        assert.ok(request.length >= 64 * 1024)
        for (let i = 1; i <= 5; i++) {
          assert.deepEqual(await exchange(t, server.port, request), answered,
            `${i}`)
        }
      })

    spec('64 MiB, more than the kernel buffers, is read to its end',
      async (t) => {
        const server = await start(t)
        const request = Buffer.alloc(64 * 1024 * 1024, 'x')
        assert.deepEqual(await exchange(t, server.port, request, { end: true }),
          answered)
      })

    // A module loaded first prints a line as each client's connection
    // closes, with the number of timers webserver1.ts has set and not yet
    // cleared or run. A timer left behind would hold its memory for 5 s.
    spec('once the client has closed, it lets go and clears its timer',
      async (t) => {
        const server = await start(t, ['0'], { command: preloading(t, `
          import net from 'node:net'
          import { setImmediate } from 'node:timers'
          const pending = new Set()
          const { setTimeout: set, clearTimeout: clear } = globalThis
          globalThis.setTimeout = (callback, ms, ...rest) => {
            if (!new Error().stack.includes('webserver1.ts')) {
              return set(callback, ms, ...rest)
            }
            const timer = set((...args) => {
              pending.delete(timer)
              callback(...args)
            }, ms, ...rest)
            pending.add(timer)
            return timer
          }
          globalThis.clearTimeout = (timer) => {
            pending.delete(timer)
            clear(timer)
          }
          const listen = net.Server.prototype.listen
          net.Server.prototype.listen = function (...args) {
            this.on('connection', (socket) => socket.on('close', () =>
              setImmediate(() => console.error(
                \`closed, \${pending.size} timers pending\`))))
            return listen.apply(this, args)
          }`) })
        assert.deepEqual(await exchange(t, server.port), answered)
        await within(2000, () => server.stderr.endsWith('\n'),
          () => `2 s after the client closed: ${server.stderr || 'nothing'}`)
        assert.equal(server.stderr, 'closed, 0 timers pending\n')
        server.stderr = ''
      })

    // Each client keeps its side open and sends a byte now and then. Once
    // the server has let go, the next byte meets a reset.
    spec('it lets go of 100 clients that never close, within 6 s',
      async (t) => {
        const server = await start(t, ['0'], { first: true })
        await Promise.all(Array.from({ length: 100 }, async () => {
          const socket = await open(t, server.port)
          const replied = reply(socket, { keepOpen: true })
          socket.write(GET)
          await once(socket, 'end') // the answer, and the server's FIN
          const sending = setInterval(() => socket.write('x'), 100)
          t.after(() => clearInterval(sending))
          const ended = await before(6000, replied)
          clearInterval(sending)
          assert.ok(ended, 'still connected 6 s after the answer')
          assert.equal(ended.bytes, RESPONSE)
          assert.match(ended.close, /^(ECONNRESET|EPIPE|ECONNABORTED)$/)
        }))
      })
  })

  describe('hostile clients: none stops the server', () => {
    const resets: [string, (socket: Socket) => Promise<unknown>][] = [
      ['before its request', async () => {}],
      ['halfway through its request', async (s) => s.write('GET /hel')],
      ['right after its request', (s) => new Promise((r) => s.write(GET, r))],
      ['after the answer', (s) => { s.write(GET); return once(s, 'data') }],
    ]
    spec('a client that resets at any point does not stop it', async (t) => {
      const server = await start(t)
      for (const [when, act] of resets) {
        const socket = await open(t, server.port)
        await act(socket)
        socket.resetAndDestroy()
        await once(socket, 'close')
        assert.deepEqual(await exchange(t, server.port), answered, when)
      }
    })

    // It runs apart for its quiet window, in which a runtime that reads
    // waiting connections (Bun) sees the resets while those clients wait.
    apart('clients that reset in line, sending nothing or a request, do not '
      + 'stop it', async (t) => {
      const server = await start(t)
      const first = await open(t, server.port)
      const firstReply = reply(first)
      const silent = await open(t, server.port)
      const sender = await open(t, server.port)
      sender.write(GET)
      silent.resetAndDestroy()
      sender.resetAndDestroy()
      await delay(200) // the quiet window
      first.write(GET)
      assert.deepEqual(await firstReply, answered)
      assert.deepEqual(await exchange(t, server.port), answered)
    })

    spec('a client that resets while its request is drained does not stop it',
      async (t) => {
        const server = await start(t)
        const socket = await open(t, server.port)
        socket.write(Buffer.alloc(256 * 1024, 'x'))
        await once(socket, 'data')
        socket.resetAndDestroy()
        assert.deepEqual(await exchange(t, server.port), answered)
      })

    // It runs apart, for the count of connections turned away is the whole
    // machine's.
    apart('a burst of 2,000 clients that connect and close does not stop it',
      async (t) => {
        const server = await start(t)
        const before = LINUX ? listenOverflows() : 0
        let refused = 0 // Windows refuses, rather than drops, past its backlog
        await Promise.all(Array.from({ length: 2000 }, async (_, i) => {
          const socket = await open(t, server.port).catch(() => null)
          if (!socket) return refused++
          if (i % 5 === 0) socket.resetAndDestroy()
          else socket.destroy()
          await once(socket, 'close')
        }))
        assert.deepEqual(await exchange(t, server.port), answered)
        // An empty line for each it saw; the kernel may turn some away unseen.
        const printed = await output(server, (s) => s.endsWith(`${GET}\n`))
        const lines = printed.length - `${GET}\n`.length
        assert.equal(printed, `${'\n'.repeat(lines)}${GET}\n`)
        const unseen = LINUX ? listenOverflows() - before : 2000
        assert.ok(lines <= 2000 - refused && lines >= 2000 - refused - unseen,
          `${lines} of 2000 (${refused} refused)`)
      })

    // Out of descriptors, Deno 2.9 panics and exits, a known failure of
    // Deno's. The test asserts it, so that it fails once Deno mends it.
    const panics = RUNTIME === 'deno'
    spec(`out of descriptors, it stays up and serves once they are free${
      panics ? " (Deno's known failure: it panics)" : ''}`, async (t) => {
      const server = await start(t, ['0'], {
        command: ['sh', '-c', 'ulimit -n 64; exec "$@"', 'sh', ...COMMAND] })
      const idle = sockets(server)
      const clients: Socket[] = []
      for (let i = 0; i < 100 && server.child.exitCode === null; i++) {
        const socket = await open(t, server.port).catch((error) => {
          if (panics) return null // it has panicked since
          throw error
        })
        if (!socket) break
        socket.write(GET)
        clients.push(socket)
      }
      if (panics) {
        const exit = await before(10_000, server.exited)
        assert.deepEqual(exit, [1, null],
          'Deno no longer panics out of descriptors: see if it serves')
        assert.match(server.stderr, /Deno has panicked[^]*Too many open files/)
        server.stderr = ''
        return
      }
      await within(10_000, () => descriptors(server) >= 64,
        () => `${descriptors(server)} descriptors, not 64`)
      // The clients go, and with them the descriptors the server held.
      for (const socket of clients) socket.destroy()
      await within(5000, () => sockets(server) <= idle,
        () => `${sockets(server)} sockets 5 s on, ${idle} before`)
      assert.deepEqual(await exchange(t, server.port), answered)
      assert.equal(server.child.exitCode, null)
    }, onlyLinux('ulimit -n, and descriptors counted in /proc'))
  })

  describe('the process', () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      spec(`${signal} ends it at once and quietly, a client connected`,
        async (t) => {
          const server = await start(t)
          await open(t, server.port)
          server.child.kill(signal)
          assert.deepEqual(await server.exited, [null, signal])
          assert.equal(server.stdout, '')
        }, onlyPosix('Windows sends no signals between processes'))
    }

    // The README's own command runs end to end. The shebang runs `npx tsx`,
    // tsx's CLI runs the server as its child, and Ctrl+C signals the group.
    if (RUNNER === 'tsx') {
      spec('./webserver1.ts runs it with npx tsx; Ctrl+C stops it',
        async (t) => {
          const server = await start(t, ['0'], {
            command: ['./webserver1.ts'], group: true })
          assert.deepEqual(await exchange(t, server.port), answered)
          process.kill(-server.child.pid!, 'SIGINT')
          const [code, signal] = await server.exited
          assert.equal(code ?? 128 + constants.signals[signal!], 130) // as $?
          assert.equal(server.stdout, `${GET}\n`)
        }, onlyPosix("no shebangs, no process groups; Ctrl+C is the console's"))
    }
  })
})

// The harness follows. The servers run on the runtime running the tests,
// under tsx with the same loader (so no tsx is looked up on PATH, and no
// tsx process stands between the test and the server), or on RUNTIME from
// PATH.
const tsxLoader = process.execArgv.flatMap((arg, i, all) =>
  /^--(require|import|loader)$/.test(arg) && all[i + 1].includes('tsx')
    ? [arg, all[i + 1]] : [])
const COMMAND = RUNTIME === RUNNER
  ? [process.execPath, ...(RUNNER === 'tsx' ? tsxLoader : [])]
  : RUNTIME === 'node' || RUNTIME === 'deno' || RUNTIME === 'bun'
    ? [RUNTIME]
    : assert.fail(`RUNTIME is node, deno or bun (tsx: run under tsx)`)
if (RUNTIME === 'deno') COMMAND.push('run', '--allow-net')
COMMAND.push('webserver1.ts')

// What the server is sent and sends, and the lines it prints.
const GET = 'GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n'
const RESPONSE = 'HTTP/1.1 200 OK\r\n\r\nHello, World!\n'
const answered = { bytes: RESPONSE, close: 'FIN' }
const BANNER = /^Serving HTTP on port (\d+) \.\.\.\n/
const USAGE = 'Usage: webserver1.ts [port]  (port: a whole number 0-65535)\n'

type Exit = [number | null, NodeJS.Signals | null]
type Server = {
  child: ChildProcess, port: number, stdout: string, stderr: string,
  exited: Promise<Exit>,
}

// What a test leaves to do when it ends, such as killing its server. It is
// not node:test's t.after, which Deno runs only when the outermost describe
// ends.
type Test = { after: (cleanUp: () => unknown) => void }

// Registers a test that fails after 30 s rather than hangs, and then cleans
// up, so that no socket or server it leaves keeps the run from ending. The
// runner's own timeout, 60 s (Bun's default is 5 s), comes after ours and
// only abandons a test. `skip` says why it cannot run here.
function spec(name: string, fn: (t: Test) => Promise<void>,
  skip: string | false = false, alone = false) {
  test(name, { timeout: 60_000, skip }, () => inTurn(alone, async () => {
    const cleanUps: (() => unknown)[] = []
    let failure: unknown
    let timer: ReturnType<typeof setTimeout> | undefined
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out after 30 s')),
        30_000)
    })
    try {
      await Promise.race([fn({ after: (f) => cleanUps.unshift(f) }), timedOut])
    } catch (error) { failure = error }
    clearTimeout(timer)
    for (const cleanUp of cleanUps) {
      try { await cleanUp() } catch (error) { failure ??= error }
    }
    if (failure) throw failure
  }))
}

// Registers a test that runs with no other test running beside it.
function apart(name: string, fn: (t: Test) => Promise<void>,
  skip: string | false = false) {
  spec(name, fn, skip, true)
}

// Runs a test in its turn. Tests that run apart take turns one at a time,
// each once the others running have ended; the rest wait until none is
// waiting for its turn, then run together. Each runner starts its tests in
// order; node:test starts them all at once, so those that run apart go
// first. A runner that runs one test at a time never waits here.
let apartTurns: Promise<unknown> = Promise.resolve()
let apartWaiting = 0
const together = new Set<Promise<unknown>>()
async function inTurn(alone: boolean, run: () => Promise<void>) {
  if (alone) {
    apartWaiting++
    const previous = apartTurns
    const mine = (async () => {
      await previous
      await Promise.allSettled(together)
      await run()
    })()
    apartTurns = mine.catch(() => {})
    try { return await mine } finally { apartWaiting-- }
  }
  await setImmediate() // lets tests that run apart, started with it, queue
  while (apartWaiting > 0) await apartTurns
  const test = run()
  together.add(test)
  try { return await test } finally { together.delete(test) }
}

// Servers still running as the test process exits are killed with it.
const running = new Set<ChildProcess>()
process.on('exit', () => running.forEach((child) => child.kill('SIGKILL')))

// Starts the server with `args` and kills it when the test ends. It shares
// the test run's process group, so Ctrl+C on the run reaches it too, and on
// Windows it dies with the test process (libuv puts both in a job object).
async function launch(t: Test, args: string[],
  { command = COMMAND, group = false, first = false } = {}) {
  await startingTurn(first)
  const [file, ...rest] = command
  const child = spawn(file, [...rest, ...args],
    { cwd: import.meta.dirname, stdio: ['ignore', 'pipe', 'pipe'],
      detached: group })
  const server: Server = { child, port: 0, stdout: '', stderr: '',
    exited: once(child, 'close') as Promise<Exit> }
  running.add(child)
  server.exited.then(() => running.delete(child))
  Promise.race([once(child.stdout!, 'data'), server.exited])
    .finally(startingDone)
  child.stdout!.setEncoding('utf8').on('data', (s) => { server.stdout += s })
  child.stderr!.setEncoding('utf8').on('data', (s) => { server.stderr += s })
  t.after(async () => { // and waits until it has gone, its port free
    if (group) try { process.kill(-child.pid!, 'SIGKILL') } catch {}
    child.kill('SIGKILL')
    await server.exited
  })
  return server
}

// Servers start as many at a time as the machine has cores, in the order
// asked for, each until it prints its first line or exits. Started all at
// once, each would take as long as all of them. A test that must wait out
// the server's 5 s timer asks to go first.
const waitingToStart: (() => void)[] = []
let startingNow = 0
async function startingTurn(first: boolean) {
  if (startingNow < availableParallelism()) startingNow++
  else {
    await new Promise<void>((go) => first
      ? waitingToStart.unshift(go) : waitingToStart.push(go))
  }
}
function startingDone() {
  const next = waitingToStart.shift()
  if (next) next() // its turn, in place of this one's
  else startingNow--
}

// Waits for the banner and keeps what the server prints after it, or gives
// false if the server exits first.
async function listening(server: Server) {
  const printed = await Promise.race([server.exited.then(() => null),
    output(server, (s) => BANNER.test(s))])
  const banner = printed?.match(BANNER)
  if (!banner) return false
  server.port = Number(banner[1])
  server.stdout = server.stdout.slice(banner[0].length)
  return true
}

// Starts the server on port 0 (a free port), waits for its banner, and when
// the test ends, checks that it wrote no error.
async function start(t: Test, args = ['0'],
  options: Parameters<typeof launch>[2] = {}) {
  const server = await launch(t, args, options)
  if (!await listening(server)) {
    assert.fail(`it exited: ${server.stdout}${server.stderr}`)
  }
  t.after(() => assert.equal(server.stderr, ''))
  return server
}

// Resolves to the server's stdout once `done` holds, and fails if it exits.
async function output(server: Server, done: (stdout: string) => boolean) {
  let exited = false
  server.exited.then(() => { exited = true })
  while (!done(server.stdout)) {
    if (exited) assert.fail(`it exited: ${server.stdout}${server.stderr}`)
    await Promise.race([once(server.child.stdout!, 'data'), server.exited])
  }
  return server.stdout
}

// The command that runs the server with `source` as a module loaded first
// (Node's --import, Deno's and Bun's --preload), from a folder of its own.
function preloading(t: Test, source: string) {
  const folder = mkdtempSync(join(tmpdir(), 'preload-'))
  const file = join(folder, 'preload.mjs')
  // Not rmSync(folder, { recursive: true }), which Bun for Windows on Wine
  // fails with EFAULT.
  t.after(() => { unlinkSync(file); rmdirSync(folder) })
  writeFileSync(file, source)
  const flags = RUNTIME === 'node' || RUNTIME === 'tsx'
    ? ['--import', pathToFileURL(file).href] : ['--preload', file]
  return [...COMMAND.slice(0, -1), ...flags, 'webserver1.ts']
}

// A connected client, closed when the test ends.
async function open(t: Test, port: number, host = '127.0.0.1') {
  const socket = connect({ port, host, allowHalfOpen: true })
  socket.on('error', () => {}) // reply() records it
  t.after(() => socket.destroy())
  await once(socket, 'connect')
  return socket
}

// Everything the server sends until the connection closes, and how it
// closed, either 'FIN' or the error (ECONNRESET) that ended it. On the
// server's FIN the client closes in turn, unless it is to keep its side
// open.
async function reply(socket: Socket, { keepOpen = false } = {}) {
  const chunks: Buffer[] = []
  let close = 'FIN'
  socket.on('data', (chunk: Buffer) => chunks.push(chunk))
  if (!keepOpen) socket.on('end', () => socket.end())
  socket.on('error', (error: NodeJS.ErrnoException) => {
    close = error.code ?? error.message
  })
  // Not events.once, which would throw the error that `close` records.
  if (!socket.closed) await new Promise((done) => socket.once('close', done))
  return { bytes: Buffer.concat(chunks).toString('latin1'), close }
}

// One client sends `request`, half-closes if asked, and gets the reply.
async function exchange(t: Test, port: number, request: string | Buffer = GET,
  { end = false, host = '127.0.0.1' } = {}) {
  const socket = await open(t, port, host)
  const replied = reply(socket)
  socket.write(request)
  if (end) socket.end()
  return replied
}

// Listens on `port` as the server would, or gives null if it is taken.
function occupy(port: number) {
  const listener = createServer()
  return new Promise<typeof listener | null>((resolve) => listener
    .once('error', () => resolve(null)).listen(port, () => resolve(listener)))
}

// Polls until `check` holds, and fails with `failure()` after `ms`.
async function within(ms: number, check: () => boolean,
  failure: () => string) {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) assert.fail(failure())
    await delay(20)
  }
}

// Resolves as `promise` does, or to null after `ms` if that comes first.
async function before<T>(ms: number, promise: Promise<T>) {
  const timer = new AbortController() // so that no timer is left running
  try {
    return await Promise.race([promise,
      delay(ms, null, { signal: timer.signal })])
  } finally { timer.abort() }
}

// On Linux, /proc/PID/fd lists the descriptors the server holds, and
// /proc/net/tcp and tcp6 list the TCP sockets among them, which leave out
// the pipes and Unix sockets a runtime opens and closes as it starts.
// /proc/net/netstat counts the connections the kernel turned away because
// a listen queue was full.
function fds(server: Server) {
  return readdirSync(`/proc/${server.child.pid}/fd`)
}
function descriptors(server: Server) { return fds(server).length }
function sockets(server: Server) {
  const tcp = new Set(['tcp', 'tcp6'].flatMap((file) =>
    readFileSync(`/proc/net/${file}`, 'utf8').split('\n').slice(1)
      .map((line) => line.trim().split(/\s+/)[9]))) // its inode
  return fds(server).filter((fd) => {
    try {
      const link = readlinkSync(`/proc/${server.child.pid}/fd/${fd}`)
      return tcp.has(link.match(/^socket:\[(\d+)\]$/)?.[1] ?? '')
    } catch { return false } // closed since it was listed
  }).length
}
// The bytes the kernel holds unread for the server's end of a connection,
// which /proc/net/tcp and tcp6 list by its ports, or null if it is not
// listed.
function unread(server: Server, client: Socket) {
  const port = (n: number) =>
    `:${n.toString(16).toUpperCase().padStart(4, '0')}`
  for (const file of ['tcp', 'tcp6']) {
    for (const line of readFileSync(`/proc/net/${file}`, 'utf8').split('\n')) {
      const [, local, remote, , queues] = line.trim().split(/\s+/)
      if (local?.endsWith(port(server.port))
        && remote?.endsWith(port(client.localPort!))) {
        return parseInt(queues.split(':')[1], 16) // tx_queue:rx_queue
      }
    }
  }
  return null
}
function listenOverflows() {
  const [names, values] = readFileSync('/proc/net/netstat', 'utf8')
    .split('\n').filter((line) => line.startsWith('TcpExt:'))
  return Number(values.split(' ')[names.split(' ').indexOf('ListenOverflows')])
}
