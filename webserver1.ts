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
    // Node does accept(), and on() keeps each client for this endless loop.
    const requestData = await recv(clientConnection, 1024)
    console.log(requestData.toString('utf-8')) // bad UTF-8 is noted below
    // A Buffer holds bytes, like b"". As in the Python, \ drops a line end.
    const httpResponse = Buffer.from(`\
HTTP/1.1 200 OK\r
\r
Hello, World!
`) // The status and empty lines end in \r\n, which Node's http.get requires.
    clientConnection.write(httpResponse) // Node sends it while the loop goes on
    close(clientConnection) // close() sends the answer, then closes
  }
})

// Below are the helpers and notes, in the Python's order. Node has no accept()
// or recv() that waits. It announces clients and bytes as events, and on() and
// once() await them. on() gives an event's arguments as an array, and a
// 'connection' has only the socket, so there is no client_address. Bytes that
// are not UTF-8, which make the Python's decode() raise, print as �.

// Line 1 lets ./webserver1.ts run the file with npx tsx, which runs TypeScript;
// without -S, env would look for one program named "npx tsx". The port argument
// replaces the Python's 8888 without an edit, and a bad one prints usage and
// exits with 2, the usual code for a misused command.
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
    // Node calls this as each client arrives, and the loop gets it too. A reset
    // (an abrupt hang-up) ends the Python, but Node drops just that client.
    (connection) => connection.on('error', () => {}))
  // A port in use or a failed accept() ends the server, as it ends the Python.
  return server.on('error', (error: Error & { code?: string }) => {
    console.error(server.listening ? 'Could not accept a client'
      : `Port ${PORT} is not available`, `(${error.code})`)
    process.exit(1)
  })
}

// listen(1) asks the system to keep one client waiting for accept() and turn
// the next away until there is room. Node takes each client as soon as it can,
// so its usual 511 matters only in a burst, where 1 would turn clients away.

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

// When a client sent more than recv() took, the Python's close() has the system
// reset the connection, which can lose the answer. resume() reads and drops the
// extra bytes. A client still there after 5 s is cut off, lest it stay forever.
function close(connection: Socket) {
  const letGo = setTimeout(() => connection.destroy(), 5000)
  connection.end().resume().on('close', () => clearTimeout(letGo))
}

// Ported from webserver1.py (https://ruslanspivak.com/lsbaws-part1/, code at
// https://github.com/rspivak/lsbaws/blob/master/part1/webserver1.py), under its
// MIT License. (c) 2015 Ruslan Spivak, 2026 The webserver1.ts authors.

