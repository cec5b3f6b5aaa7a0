#!/usr/bin/env -S npx tsx
import { createServer, Socket } from 'node:net' // Node's socket module
import { on, once } from 'node:events' // to wait for Node's events (below)
const [HOST, PORT] = ['', portArgument()] // '' is every address

const listenSocket = socket() // socket() below stands in for socket.socket()
// setsockopt(SO_REUSEADDR, 1) lets a restart reuse a port; Node sees to it.
// bind((HOST, PORT)) is done by listen(), which runs the loop when bound.
listenSocket.listen(PORT, HOST, 511, async () => { // see listen(1) below on 511
  console.log(`Serving HTTP on port ${boundPort()} ...`)
  for await (const [clientConnection] of on(listenSocket, 'connection')) {
    // accept() is done by Node. This endless loop takes each client in turn.
    const requestData = await recv(clientConnection, 1024)
    console.log(requestData.toString('utf-8')) // bad bytes become �, no error
    // A Buffer holds bytes, as b"" does. The \ skips a line end, as after """.
    const httpResponse = Buffer.from(`\
HTTP/1.1 200 OK\r
\r
Hello, World!
`) // Node's http.get and newer fetch() refuse a bare \n; browsers take it.
    clientConnection.write(httpResponse) // queues it, and close() sends it
    close(clientConnection)
  }
})

// Run the file with npx tsx webserver1.ts [port], as line 1 does on macOS and
// Linux. Below are the helpers and notes, in the listing's order. Node never
// waits inside accept() or recv(); it announces clients and bytes as events.

// The first argument is the port, so another port needs no edit. Without one
// it is the Python's 8888, and 0 lets the system pick. Anything else prints
// how to run the file and exits with 2, the usual code for a misused command.
function portArgument() {
  const port = process.argv[2] ?? '8888' // argv holds runtime, file, port
  if (/^\d{1,5}$/.test(port) && Number(port) <= 65535) return Number(port)
  console.error('Usage: webserver1.ts [port]  (port: a whole number 0-65535)')
  process.exit(2)
}

// socket.socket(AF_INET, SOCK_STREAM) makes a TCP socket for IPv4; Node's
// TCP server answers IPv6 too, for clients that try localhost's ::1 first.
// allowHalfOpen stops Node hanging up on a client that is done sending
// before its answer, and pauseOnConnect leaves clients unread until recv().
function socket() {
  const server = createServer({ allowHalfOpen: true, pauseOnConnect: true },
    // As each client arrives, this catches its errors, which would stop Node.
    (connection) => connection.on('error', () => {}))
  // A port in use (EADDRINUSE), or a failed accept(), as with too many open
  // files (EMFILE), prints one line and exits with 1, as the Python stops too.
  server.on('error', (error: Error & { code?: string }) => {
    console.error(server.listening ? 'Could not accept a client'
      : `Port ${PORT} is not available`, `(${error.code})`)
    process.exit(1)
  })
  return server
}

// listen(1) lets the system keep about one client waiting for accept(); one
// more finds no room and tries again a second later. Node instead accepts
// each client as it comes and on() keeps it for the loop. A queue of 511,
// Node's default, holds a burst that comes faster than Node can accept.
// on() gives each event's arguments as an array. A 'connection' event has
// only the socket, so the loop takes [clientConnection] and no client_address.

// address() gives null when not listening; "as" tells TypeScript that we are.
function boundPort() { return (listenSocket.address() as {port: number}).port }

// recv(1024) waits for bytes, then returns the first 1024 and drops the rest.
// Listening for 'readable' starts Node reading the paused connection, and the
// event comes when bytes arrive or the client stops sending. One that stopped
// while in line is not readable, so it is not waited for. A reset (an abrupt
// hang-up) fails the wait; .catch ignores it, where the Python's recv raises.
// Then read() gives null, and recv() b''. read(1024) would want all 1024 bytes.
async function recv(connection: Socket, size: number) {
  if (connection.readable) await once(connection, 'readable').catch(() => {})
  return (connection.read() ?? Buffer.alloc(0)).subarray(0, size)
}

// close() sends what is queued, then tells the client we are done, so it
// reads to the end and hangs up. Unread request bytes would make the system
// reset the connection and maybe lose the answer, so resume() drops them. A
// client that never hangs up is cut off after 5 s, not held for good.
function close(connection: Socket) {
  const letGo = setTimeout(() => connection.destroy(), 5000)
  connection.end().resume().on('close', () => clearTimeout(letGo))
}

// A port of webserver1.py (https://ruslanspivak.com/lsbaws-part1/, code at
// https://github.com/rspivak/lsbaws/blob/master/part1/webserver1.py). MIT
// License. Copyright (c) 2015 Ruslan Spivak, 2026 The webserver1.ts authors.
