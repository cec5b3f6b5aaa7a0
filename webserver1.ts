#!/usr/bin/env -S npx tsx
import { createServer, Socket } from 'node:net' // Node's socket module
import { on, once } from 'node:events' // to wait for Node's events (below)
const [HOST, PORT] = ['', portArgument()] // '' means all addresses on this host

const listenSocket = socket() // socket() below stands in for socket.socket()
// Node sets SO_REUSEADDR itself, so a restart takes the port back at once.
// bind((HOST, PORT)) is done by listen(), which runs the loop when bound.
listenSocket.listen(PORT, HOST, 511, async () => { // see listen(1) below on 511
  console.log(`Serving HTTP on port ${boundPort()} ...`)
  for await (const [clientConnection] of on(listenSocket, 'connection')) {
    // Node does accept(); on() keeps each client until this endless loop asks.
    const requestData = await recv(clientConnection, 1024)
    console.log(requestData.toString('utf-8')) // unlike decode(), never raises
    // A Buffer holds bytes, like b"". As in the Python, \ drops a line end.
    const httpResponse = Buffer.from(`\
HTTP/1.1 200 OK\r
\r
Hello, World!
`) // HTTP ends lines with \r\n, and Node's http.get client refuses a bare \n.
    clientConnection.write(httpResponse) // Node sends it while the loop goes on
    close(clientConnection)
  }
})

// Below are the helpers and notes, in the Python's order. Node has no accept()
// or recv() that waits; it announces clients and bytes as events, which on()
// and once() let the loop await. on() gives an event's arguments as an array,
// and a 'connection' has only the socket, so there is no client_address.

// Line 1 lets ./webserver1.ts run the file with npx tsx, which runs TypeScript;
// without -S, env would look for one program named "npx tsx". A port given as
// the first argument saves an edit to the Python's 8888. A bad port prints how
// to run the file and exits with 2, the usual code for a misused command.
function portArgument() {
  const port = process.argv[2] ?? '8888' // after the runtime and this file
  if (/^\d{1,5}$/.test(port) && Number(port) <= 65535) return Number(port)
  console.error('Usage: webserver1.ts [port]  (port: a whole number 0-65535)')
  process.exit(2)
}

// Node's server speaks TCP, like SOCK_STREAM, and IPv4, like AF_INET, but also
// IPv6, which some clients try first. allowHalfOpen keeps our side open when a
// client closes its sending side, so it still gets its answer. pauseOnConnect
// leaves a client unread until recv() asks, as in the Python.
function socket() {
  const server = createServer({ allowHalfOpen: true, pauseOnConnect: true },
    // Node calls this as each client arrives; the loop still gets it. A reset
    // stops the Python, but this 'error' handler lets Node serve the rest.
    (connection) => connection.on('error', () => {}))
  // A port in use or a failed accept() ends the server, as it ends the Python.
  server.on('error', (error: Error & { code?: string }) => { // Node adds a code
    console.error(server.listening ? 'Could not accept a client'
      : `Port ${PORT} is not available`, `(${error.code})`)
    process.exit(1)
  })
  return server
}

// listen(1) lets the system hold about one client for accept() and turn the
// next away, to try again a second later. Node accepts each client at once and
// holds it for the loop, so none is turned away; 511 is Node's default.

// For PORT 0 the system picks the port, so the banner asks which. address() may
// give a string or null for other servers; "as" says this one has a port.
function boundPort() { return (listenSocket.address() as {port: number}).port }

// recv(1024) waits for bytes, then returns at most 1024 of them. Node's
// read(1024) would wait for a full 1024, so recv() reads what has come and
// keeps the first 1024. Listening for 'readable' makes Node read the paused
// connection, and once() waits for that event, which comes when bytes arrive or
// the client ends its side. A client that hung up while in line is not waited
// for, and .catch ignores a reset; read() then gives null, and recv() b''.
async function recv(connection: Socket, size: number) {
  if (connection.readable) await once(connection, 'readable').catch(() => {})
  return (connection.read() ?? Buffer.alloc(0)).subarray(0, size)
}

// If request bytes are unread, the Python's close() makes the system reset the
// connection, which can destroy the answer. This close() drops those bytes with
// resume(), ends our side, and after 5 s cuts off a client that stays.
function close(connection: Socket) {
  const letGo = setTimeout(() => connection.destroy(), 5000)
  connection.end().resume().on('close', () => clearTimeout(letGo))
}

// Ported from webserver1.py (https://ruslanspivak.com/lsbaws-part1/, code at
// https://github.com/rspivak/lsbaws/blob/master/part1/webserver1.py), under its
// MIT License. (c) 2015 Ruslan Spivak, 2026 The webserver1.ts authors.

