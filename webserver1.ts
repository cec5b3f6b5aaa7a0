#!/usr/bin/env -S npx tsx
import { createServer, Socket } from 'node:net' // Node's socket module
import { on, once } from 'node:events' // to wait for Node's events (below)
const [HOST, PORT] = ['', portArgument()] // '' means all addresses on this host
// Beyond AF_INET's IPv4, '' gives Node IPv6 too, which some clients try first.
const listenSocket = socket() // socket() below stands in for socket.socket()
// Node sees to SO_REUSEADDR, so a restart takes the port back at once.
// bind((HOST, PORT)) is done by listen(), which runs the loop when bound.
listenSocket.listen(PORT, HOST, 511, async () => { // see listen(1) below on 511
  console.log(`Serving HTTP on port ${boundPort()} ...`)
  for await (const [clientConnection] of on(listenSocket, 'connection')) {
    // Node does accept(), and on() lines up clients for this endless loop.
    const requestData = await recv(clientConnection, 1024)
    console.log(requestData.toString('utf-8')) // bad UTF-8 is noted below
    // A Buffer holds bytes, like b"". As in the Python, \ drops a line end.
    const httpResponse = Buffer.from(`\
HTTP/1.1 200 OK\r
\r
Hello, World!
`) // \r\n, not the Python's \n, ends the status and empty lines, as HTTP asks.
    clientConnection.write(httpResponse) // Node sends it all in the background
    close(clientConnection) // the answer goes out before it closes
  }
})

// Below are the helpers and notes, in the Python's order. Where the Python
// waits in accept() and recv(), Node announces clients and bytes as events,
// which on() and once() await. on() gives each event's arguments as an array,
// and a 'connection' has only the socket, hence no client_address. Bytes that
// are not UTF-8 stop the Python, whose decode() raises, but print here as �.

// When you run ./webserver1.ts, line 1 has env start npx tsx, which runs
// TypeScript. Without -S, env would look for one program named "npx tsx".
// Giving a port as the argument saves editing the Python's 8888, and a bad one
// prints usage and exits with 2, the usual code for a misused command.
function portArgument() {
  const port = process.argv[2] ?? '8888' // argv[0] and [1] are runtime and file
  if (/^\d{1,5}$/.test(port) && Number(port) <= 65535) return Number(port)
  console.error('Usage: webserver1.ts [port]  (port: a whole number 0-65535)')
  process.exit(2)
}

// Node's server speaks TCP, as SOCK_STREAM does. allowHalfOpen keeps our side
// open for a client that closes its sending side, so it still gets its answer.
// pauseOnConnect leaves a client unread until recv() asks, as in the Python.
function socket() {
  const server = createServer({ allowHalfOpen: true, pauseOnConnect: true },
    // Node calls this as each client arrives, before the loop takes it. Node
    // stops at an 'error' event no one hears, as the Python stops at a reset
    // (an abrupt hang-up). This listener makes Node drop only that client.
    (connection) => connection.on('error', () => {}))
  // A port in use or a failed accept() ends the server, as it ends the Python.
  server.on('error', (error: Error & { code?: string }) => { // Node adds a code
    console.error(server.listening ? 'Could not accept a client'
      : `Port ${PORT} is not available`, `(${error.code})`)
    process.exit(1)
  })
  return server
}

// listen(1) asks the system to hold one client for accept(), and the next,
// unanswered, tries again later. Node takes clients as soon as it can, so only
// a burst fills the line; 511, its usual length, holds what 1 would turn away.

// For PORT 0 the system picks the port, so the banner asks the server for it.
function boundPort() { return (listenSocket.address() as {port: number}).port }

// recv(1024) waits for bytes and returns at most 1024 of them. Node's
// read(1024) would wait for all 1024, so recv() takes what has come and keeps
// the first 1024. Listening for 'readable' starts Node reading the paused
// connection, and once() waits for that event, which comes when bytes arrive or
// the client ends its side. A closed connection is not waited for, and .catch
// ignores a reset. In both cases read() gives null, and recv() returns b''.
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

