#!/usr/bin/env -S npx tsx
import { createServer, Socket } from 'node:net' // Node's socket module
import { on, once } from 'node:events' // on() and once() wait for events
const [HOST, PORT] = ['', portArgument()] // '' is every address

const listenSocket = socket() // socket() below stands in for socket.socket()
// setsockopt(SO_REUSEADDR, 1) is done by Node itself (see socket() below).
// bind((HOST, PORT)) is done by listen(), which runs the loop once bound.
listenSocket.listen(PORT, HOST, 511, async () => { // see listen(1) below on 511
  console.log(`Serving HTTP on port ${boundPort()} ...`)
  for await (const [clientConnection] of on(listenSocket, 'connection')) {
    // accept() is done by Node. This endless loop takes each client in turn.
    const requestData = await recv(clientConnection, 1024)
    console.log(requestData.toString('utf-8'))
    // A Buffer holds bytes, as b"" does. The \ skips a line end, as after """.
    const httpResponse = Buffer.from(`\
HTTP/1.1 200 OK\r
\r
Hello, World!
`) // Some clients refuse the Python's bare \n (see below), so \r\n.
    clientConnection.write(httpResponse) // close() below still sends it all
    close(clientConnection)
  }
})

// Below, in the listing's order, are the helpers called above and the notes.

// The port is the first argument, so trying another port needs no edit. It is
// 8888 without one, as in the Python, and 0 lets the system pick a free port.
// Anything else prints how to run the file and exits with 2, as commands do.
function portArgument() {
  const port = process.argv[2] ?? '8888' // after the runtime and the file
  if (/^\d{1,5}$/.test(port) && Number(port) <= 65535) return Number(port)
  console.error('Usage: webserver1.ts [port]  (port: a whole number 0-65535)')
  process.exit(2)
}

// socket.socket() makes a TCP socket, and createServer() a TCP server, which
// takes IPv6 too. allowHalfOpen lets a client that is done sending still read
// the answer; pauseOnConnect leaves it unread until recv(), as in the Python.
function socket() {
  const server = createServer({ allowHalfOpen: true, pauseOnConnect: true },
    // Node stops on an error no one listens for, such as a client's reset.
    (connection) => connection.on('error', () => {}))
  // setsockopt(SO_REUSEADDR, 1) lets a restarted server take its port back at
  // once. Node sets it on macOS and Linux; Windows frees the port without it.
  // If the port is taken, or the system refuses a client (which would stop
  // the Python's accept() too), the server prints why and exits with 1.
  return server.on('error', (error: Error & { code?: string }) => {
    console.error(server.listening ? 'Could not accept a client'
      : `Port ${PORT} is not available`, `(${error.code})`)
    process.exit(1)
  })
}

// listen(1) has the system hold about one client waiting for accept(). Node
// accepts each at once and on() holds it for the loop, so the system's queue
// fills only in a burst while Node is busy. 511, Node's default, makes room.
// on() gives each event's arguments as an array. A 'connection' event has
// only the socket, so the loop takes [clientConnection] and no client_address.

// The banner names the port the system picked when PORT is 0. address() may
// give a string or null for other servers, and "as" says ours has a port.
function boundPort() { return (listenSocket.address() as {port: number}).port }

// recv(1024) waits for bytes, then returns at most 1024 of them. Waiting for
// 'readable' unpauses the client, and it fires once bytes come or sending ends.
// A client done already is not readable, and .catch ignores an abrupt hang-up.
// Then read() gives null, and recv() gives b'' as the Python's does. read()
// takes what came, where read(1024) would wait for all 1024 bytes.
async function recv(connection: Socket, size: number) {
  if (connection.readable) await once(connection, 'readable').catch(() => {})
  return (connection.read() ?? Buffer.alloc(0)).subarray(0, size)
}

// Node's http.get, and its fetch() since Node 24, refuse a bare \n after the
// status and empty lines, so they end in \r\n. curl, Deno and Bun take either.

// close() sends what is queued, then tells the client we are done. Closing
// with request bytes unread makes the system reset the connection, which can
// lose the answer, so resume() reads and drops them. A client that never hangs
// up is cut off after 5 s, and the timer is cleared once the connection closes.
function close(connection: Socket) {
  const letGo = setTimeout(() => connection.destroy(), 5000)
  connection.end().resume().on('close', () => clearTimeout(letGo))
}

// A port of webserver1.py from https://ruslanspivak.com/lsbaws-part1/ (code:
// https://github.com/rspivak/lsbaws/blob/master/part1/webserver1.py). MIT
// License: (c) 2015 Ruslan Spivak; (c) 2026 The webserver1.ts authors.
