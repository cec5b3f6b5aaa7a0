#!/usr/bin/env -S npx tsx
import { createServer, Socket } from 'node:net' // Node's socket module
import { on, once } from 'node:events' // to wait for Node's events (below)
const [HOST, PORT] = ['', portArgument()] // '' is each address the machine has

const listenSocket = socket() // socket() below stands in for socket.socket()
// SO_REUSEADDR lets a restart take the port back at once; Node sees to it.
// bind((HOST, PORT)) is done by listen(), which runs the loop when bound.
listenSocket.listen(PORT, HOST, 511, async () => { // see listen(1) below on 511
  console.log(`Serving HTTP on port ${boundPort()} ...`)
  for await (const [clientConnection] of on(listenSocket, 'connection')) {
    // Node does accept(); on() keeps each client until this endless loop asks.
    const requestData = await recv(clientConnection, 1024)
    console.log(requestData.toString('utf-8')) // non-UTF-8 bytes print as �
    // A Buffer holds bytes, as b"" does. The \ skips a line end, as after """.
    const httpResponse = Buffer.from(`\
HTTP/1.1 200 OK\r
\r
Hello, World!
`) // \r\n, not the Python's \n, as HTTP asks and Node's http.get insists.
    clientConnection.write(httpResponse) // Node sends it while the loop goes on
    close(clientConnection)
  }
})

// Below the loop are the helpers and notes, in the Python's order. Because Node
// never waits in accept() or recv(), it announces clients and bytes as events.
// on() gives an event's arguments as an array. A 'connection' event has only
// the socket, so the loop takes [clientConnection] and has no client_address.

// Run the file as npx tsx webserver1.ts [port]; npx fetches tsx, which runs
// TypeScript. Line 1 does the same for ./webserver1.ts, and -S lets env split
// "npx tsx" in two. The port argument means another port needs no edit. Without
// one it is the Python's 8888, and 0 lets the system pick. Anything else prints
// how to run the file and exits with 2, the usual code for a misused command.
function portArgument() {
  const port = process.argv[2] ?? '8888' // argv[2] follows runtime and file
  if (/^\d{1,5}$/.test(port) && Number(port) <= 65535) return Number(port)
  console.error('Usage: webserver1.ts [port]  (port: a whole number 0-65535)')
  process.exit(2)
}

// socket.socket(AF_INET, SOCK_STREAM) is IPv4 TCP; Node's server answers IPv6
// too, as some clients try localhost's ::1 first. allowHalfOpen keeps our side
// open for a client done sending, where Node would hang up, and pauseOnConnect
// leaves waiting clients' bytes with the system, as the Python does.
function socket() {
  const server = createServer({ allowHalfOpen: true, pauseOnConnect: true },
    // A client's error stops the Python, and stops Node unless we listen.
    (connection) => connection.on('error', () => {}))
  // A port in use or a failed accept() ends the server, as it ends the Python.
  server.on('error', (error: Error & { code?: string }) => { // Node adds a code
    console.error(server.listening ? 'Could not accept a client'
      : `Port ${PORT} is not available`, `(${error.code})`)
    process.exit(1)
  })
  return server
}

// listen(1) lets the system hold about one client waiting for accept() and
// ignores the next, which tries again a second later. Node accepts each client
// at once and keeps it for the loop; 511, its default backlog, is for a burst.

// The banner prints the bound port, since for PORT 0 the system picks it.
// address() may give a string or null too; "as" tells TypeScript it is a port.
function boundPort() { return (listenSocket.address() as {port: number}).port }

// recv(1024) waits for bytes, then returns at most 1024 of them; read(1024)
// would wait for all 1024. once() waits for 'readable', which comes when bytes
// arrive or the client ends its side, and makes Node read the paused socket. A
// client that hung up while in line is not readable, so is not waited for. A
// reset (an abrupt hang-up) fails the wait; .catch ignores it, so that one
// client cannot stop the server. Then read() gives null and recv() gives b''.
async function recv(connection: Socket, size: number) {
  if (connection.readable) await once(connection, 'readable').catch(() => {})
  return (connection.read() ?? Buffer.alloc(0)).subarray(0, size)
}

// close() sends what is queued and ends our side; the client then hangs up, or
// is cut off after 5 s. Unread request bytes make the system reset the
// connection, which can cost the Python its answer; resume() drops them.
function close(connection: Socket) {
  const letGo = setTimeout(() => connection.destroy(), 5000)
  connection.end().resume().on('close', () => clearTimeout(letGo))
}

// Ported from webserver1.py (https://ruslanspivak.com/lsbaws-part1/, code at
// https://github.com/rspivak/lsbaws/blob/master/part1/webserver1.py), under its
// MIT License. (c) 2015 Ruslan Spivak, 2026 The webserver1.ts authors.

