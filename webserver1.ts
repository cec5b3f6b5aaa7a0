#!/usr/bin/env -S npx tsx
import { createServer, Socket } from 'node:net' // Node's socket module
import { on, once } from 'node:events' // to wait for Node's events (below)
const [HOST, PORT] = ['', portArgument()] // '' means all addresses on this host

const listenSocket = socket() // socket() below stands in for socket.socket()
// Node sees to SO_REUSEADDR, so a restart takes the port back at once.
// bind((HOST, PORT)) is done by listen(), which runs the loop when bound.
listenSocket.listen(PORT, HOST, 511, async () => { // see listen(1) below on 511
  console.log(`Serving HTTP on port ${boundPort()} ...`)
  for await (const [clientConnection] of on(listenSocket, 'connection')) {
    // Node does accept(); on() keeps each client until this endless loop asks.
    const requestData = await recv(clientConnection, 1024)
    console.log(requestData.toString('utf-8')) // � replaces decode()'s error
    // A Buffer holds bytes, like b"". As in the Python, \ drops a line end.
    const httpResponse = Buffer.from(`\
HTTP/1.1 200 OK\r
\r
Hello, World!
`) // HTTP asks for \r\n, and some clients, like Node's http.get, need it.
    clientConnection.write(httpResponse) // Node sends it while the loop goes on
    close(clientConnection) // it sends the answer first, then closes
  }
})

// Below are the helpers and notes, in the Python's order. Node has no accept()
// or recv() that waits. It announces clients and bytes as events, which on()
// and once() let the loop await. on() gives an event's arguments as an array,
// and a 'connection' has only the socket, so there is no client_address.

// Line 1 has ./webserver1.ts run with npx tsx, which runs TypeScript; without
// -S, env would look for one program named "npx tsx". An argument can replace
// the Python's 8888 with another port without an edit. A bad one prints usage
// and exits with 2, the usual code for a misused command.
function portArgument() {
  const port = process.argv[2] ?? '8888' // argv[0] and [1] are runtime and file
  if (/^\d{1,5}$/.test(port) && Number(port) <= 65535) return Number(port)
  console.error('Usage: webserver1.ts [port]  (port: a whole number 0-65535)')
  process.exit(2)
}

// Node's server speaks TCP, as SOCK_STREAM does, on AF_INET's IPv4 and on IPv6,
// which some clients try first. allowHalfOpen keeps our side open for a client
// that closes its sending side, so it still gets its answer. pauseOnConnect
// leaves a client unread until recv() asks, as in the Python.
function socket() {
  const server = createServer({ allowHalfOpen: true, pauseOnConnect: true },
    // Node calls this for each new client, which the loop still gets. A reset
    // (an abrupt hang-up) stops the Python, but this listener keeps Node going.
    (connection) => connection.on('error', () => {}))
  // A port in use or a failed accept() ends the server, as it ends the Python.
  server.on('error', (error: Error & { code?: string }) => { // Node adds a code
    console.error(server.listening ? 'Could not accept a client'
      : `Port ${PORT} is not available`, `(${error.code})`)
    process.exit(1)
  })
  return server
}

// listen(1) lets the system keep a line of about one client for accept() and
// ignore the next, which tries again a second later. Node takes each client as
// soon as it can, and 511, its usual length for the line, lets a burst wait.

// For PORT 0 the system picks the port, so the banner asks the server for it.
// "as" tells TypeScript that address() gives a port here, not a string or null.
function boundPort() { return (listenSocket.address() as {port: number}).port }

// recv(1024) waits for bytes, then returns at most 1024 of them. Node's
// read(1024) would wait for a full 1024, so recv() reads what has come and
// keeps the first 1024. Listening for 'readable' starts Node reading the paused
// connection, and once() waits for that event, which comes when bytes arrive or
// the client ends its side. A connection already gone is not waited for, and
// .catch ignores a reset. Either way read() gives null, and recv() returns b''.
async function recv(connection: Socket, size: number) {
  if (connection.readable) await once(connection, 'readable').catch(() => {})
  return (connection.read() ?? Buffer.alloc(0)).subarray(0, size)
}

// When a client sent more than recv() took, the Python's close() makes the
// system reset the connection, which can lose the answer. resume() drops those
// bytes. A client still there after 5 s is cut off, lest it hold on forever.
function close(connection: Socket) {
  const letGo = setTimeout(() => connection.destroy(), 5000)
  connection.end().resume().on('close', () => clearTimeout(letGo))
}

// Ported from webserver1.py (https://ruslanspivak.com/lsbaws-part1/, code at
// https://github.com/rspivak/lsbaws/blob/master/part1/webserver1.py), under its
// MIT License. (c) 2015 Ruslan Spivak, 2026 The webserver1.ts authors.

