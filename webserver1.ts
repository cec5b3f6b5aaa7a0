#!/usr/bin/env -S npx tsx
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { on, once } from 'node:events' // to wait for a client, for bytes
const [HOST, PORT] = ['', portArgument()] // '': every address. Port: below

const listenSocket = socket() // socket.socket(AF_INET, SOCK_STREAM): below
// setsockopt(SO_REUSEADDR, 1): Node sets it itself (see socket() below).
// bind((HOST, PORT)) and listen(1): one call; its function runs once listening.
listenSocket.listen(PORT, HOST, 511, async () => { // 511: see listen(1) below
  console.log(`Serving HTTP on port ${boundPort()} ...`)
  for await (const [clientConnection] of on(listenSocket, 'connection')) {
    // accept(): each turn takes the next client Node accepted (see on()).
    const requestData = await recv(clientConnection, 1024)
    console.log(requestData.toString('utf-8'))

    const httpResponse = Buffer.from(`\
HTTP/1.1 200 OK\r
\r
Hello, World!
`) // \r\n ends the status and empty lines: Node's clients refuse a bare \n.
    clientConnection.write(httpResponse) // queued: close() still sends it
    close(clientConnection)
  }
})

// Node's side: the helpers the lines above call, and what Node needs beyond
// the Python. Line 1 says what runs the file: npx fetches tsx, which runs
// TypeScript (env -S makes env split "npx tsx" into two words).

// The port: the first argument (argv holds the runtime, this file, then the
// arguments), so another needs no edit; else the Python's 8888. 0 lets the
// system pick a free one. Exit 2: the usual code for a mistyped command.
function portArgument(port = process.argv[2] ?? '8888') {
  if (/^\d{1,5}$/.test(port) && Number(port) <= 65535) return Number(port)
  console.error('Usage: webserver1.ts [port]  (port: a whole number 0-65535)')
  process.exit(2)
}
// socket.socket(AF_INET, SOCK_STREAM): a TCP socket, on IPv4. Node's server
// is TCP, on IPv4 and IPv6 for HOST ''. allowHalfOpen: a client may stop
// sending and still wait for the answer (else Node would hang up first).
// pauseOnConnect: each client waits unread for its turn, as in the Python.
function socket() {
  const server = createServer({ allowHalfOpen: true, pauseOnConnect: true },
    // Not a second loop: Node runs this as each client arrives, to handle its
    // errors; unhandled, an abrupt hang-up's error would stop the program.
    (connection) => connection.on('error', () => {}))
  // SO_REUSEADDR: Node sets it on macOS and Linux, so a restarted server gets
  // its port back at once; Windows gives the port back without it.
  // An error before listening means the port cannot be had; after, that a
  // client could not be accepted. Either way: one line with its code (such
  // as EADDRINUSE, address in use), not a crash dump, and exit 1: it failed.
  server.on('error', (error: Error & { code?: string }) => {
    console.error(server.listening ? 'Could not accept a client'
      : `Port ${PORT} is not available`, `(${error.code})`)
    process.exit(1)
  })
  // Deno, which runs this file too, sets up signals (the system's notices to
  // a program, like Ctrl+C) when first asked. That takes one of the open
  // files a program may have, as each client does; with none left, it would
  // crash. So ask now, for SIGWINCH (a resized terminal), and ignore it.
  process.on('SIGWINCH', () => {})
  return server
}
// listen(1): in the Python, waiting clients wait in the system's queue, which
// holds about one; in a burst the others are turned away, to retry a second
// later. Node takes each client from that queue at once, and on() keeps them
// for the loop, each as [connection] (the Python never uses client_address).
// The queue only meets bursts faster than Node, but 1 is too few: 511, Node's
// default. The banner's port: PORT, or the system's pick for 0. address() can
// be a string, for other kinds of server: "as AddressInfo" says it has one.
function boundPort() { return (listenSocket.address() as AddressInfo).port }
// recv(1024): wait for bytes, then take at most 1024, as a Buffer (bytes, as
// b"" is). Waiting for 'readable' starts reading a paused client; it comes
// with bytes, or as the client leaves, but not for one already gone (no
// longer readable). An abrupt hang-up fails it: no bytes (Python's recv would
// raise). All that came (null: none), cut to size: read(1024) waits for 1024.
async function recv(connection: Socket, size: number) {
  if (connection.readable) await once(connection, 'readable').catch(() => {})
  return (connection.read() ?? Buffer.alloc(0)).subarray(0, size)
}
// close(): end() is its first half: we are done sending. Closing on unread
// bytes makes the system abort the connection, which can lose the answer:
// resume() reads and drops them. The client has 5 s to read the answer and
// close, then destroy() frees it. Its timer is cleared as it closes: else
// each would hold its connection 5 s more, doubling the memory under load.
function close(connection: Socket) {
  connection.end().resume()
  const letGo = setTimeout(() => connection.destroy(), 5000)
  connection.on('close', () => clearTimeout(letGo))
}
