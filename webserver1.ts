#!/usr/bin/env -S npx tsx
import { createServer, type Socket } from 'node:net' // type: TypeScript only
import { on, once } from 'node:events' // to wait for Node's events (below)
const [HOST, PORT] = ['', portArgument()] // '': every address. Port: below

const listenSocket = socket() // socket.socket(AF_INET, SOCK_STREAM): below
// setsockopt(SO_REUSEADDR, 1): Node sets it where needed (see socket() below).
// bind((HOST, PORT)) and listen(1): one call, which runs the loop once bound.
listenSocket.listen(PORT, HOST, 511, async () => { // 511: see listen(1) below
  console.log(`Serving HTTP on port ${boundPort()} ...`)
  for await (const [clientConnection] of on(listenSocket, 'connection')) {
    // accept(): Node accepts; the for await above takes the next (on() below).
    const requestData = await recv(clientConnection, 1024)
    console.log(requestData.toString('utf-8'))
    // Bytes, as b"" is. The \ after ` drops that line end, as after """.
    const httpResponse = Buffer.from(`\
HTTP/1.1 200 OK\r
\r
Hello, World!
`) // \r\n ends the status and empty lines: curl takes \n, Node's fetch() not.
    clientConnection.write(httpResponse) // queued; close() still sends it all
    close(clientConnection)
  }
})

// Node's side: the helpers called above, and what Node needs beyond the
// Python. Line 1: npx fetches tsx to run TypeScript; env -S splits "npx tsx".
// The port: the first argument (argv holds the runtime, this file, then the
// arguments), so another port needs no edit; else the Python's 8888. 0 lets
// the system pick a free one. Exit 2: the usual code for a mistyped command.
function portArgument() {
  const port = process.argv[2] ?? '8888'
  if (/^\d{1,5}$/.test(port) && Number(port) <= 65535) return Number(port)
  console.error('Usage: webserver1.ts [port]  (port: a whole number 0-65535)')
  process.exit(2)
}
// socket.socket(AF_INET, SOCK_STREAM): TCP on IPv4; Node's: a TCP server,
// IPv4 and IPv6 for HOST ''. allowHalfOpen: a client may say it has no more
// to send and still get the answer (else Node hangs up). pauseOnConnect: no
// client is read before its turn comes, at recv(), as in the Python.
function socket() {
  const server = createServer({ allowHalfOpen: true, pauseOnConnect: true },
    // Not a second loop: Node runs this as each client arrives. An 'error'
    // no one listens for stops Node; heard, Node just closes that client.
    (connection) => connection.on('error', () => {}))
  // SO_REUSEADDR: Node sets it on macOS and Linux, so a restarted server gets
  // its port back at once; Windows gives the port back without it.
  // An error before listening: the port cannot be had; after: the system
  // refused a client, where the Python's accept() would raise and stop too.
  // Either way, one line with its code (EADDRINUSE: in use); exit 1: failed.
  server.on('error', (error: Error & { code?: string }) => {
    console.error(server.listening ? 'Could not accept a client'
      : `Port ${PORT} is not available`, `(${error.code})`)
    process.exit(1)
  })
  return server
}
// listen(1): the system queues clients until accepted; one finding the
// Python's queue (about one) full is sent away, to retry a second later.
// Node accepts each when free and on() holds them for the loop, sending none
// away; while Node is busy, a burst waits in the system's queue: 511 (Node's
// default) in the Python's 1's place. on() gives each 'connection' event as
// its arguments' list: [connection], no client_address. Endless: while True.
// boundPort(): PORT, or the system's pick for 0. address() may also give a
// string or null, for other servers: "as" tells TypeScript ours has a port.
function boundPort() { return (listenSocket.address() as {port: number}).port }
// recv(1024): wait for bytes, then take at most 1024. once() waits for the
// 'readable' event: bytes came, or the client left (then b'', as in Python);
// waiting for it un-pauses the client. One gone already is not .readable:
// b''. An abrupt hang-up fails the wait: b'', so only that client is lost
// (the Python's recv would raise). read() takes all that came (null: none):
// read(1024) would wait for all 1024. Past 1024, dropped: no one reads it.
async function recv(connection: Socket, size: number) {
  if (connection.readable) await once(connection, 'readable').catch(() => {})
  return (connection.read() ?? Buffer.alloc(0)).subarray(0, size)
}
// close(): end() sends what is queued, then says we are done; the client
// reads to the end and hangs up. Closing on unread bytes makes the system cut
// the connection (a reset), which can lose the answer: resume() drops them.
// destroy() cuts at once: for one not gone in 5 s (ample for 33 bytes). Its
// timer is cleared on close: uncleared timers doubled the memory under load.
function close(connection: Socket) {
  const letGo = setTimeout(() => connection.destroy(), 5000)
  connection.end().resume().on('close', () => clearTimeout(letGo))
}
