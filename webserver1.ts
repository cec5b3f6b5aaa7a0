#!/usr/bin/env -S npx tsx
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { on, once } from 'node:events' // to wait for events: clients, bytes
const [HOST, PORT] = ['', portArgument()] // '': every address. Port: below

const listenSocket = socket() // socket.socket(AF_INET, SOCK_STREAM): below
// setsockopt(SO_REUSEADDR, 1): Node sets it itself (see socket() below).
// bind((HOST, PORT)) and listen(1) are one listen() call; once listening,
listenSocket.listen(PORT, HOST, 511, async () => { // it runs this (511: below)
  console.log(`Serving HTTP on port ${boundPort()} ...`)
  for await (const [clientConnection] of on(listenSocket, 'connection')) {
    // accept(): each turn takes the next client; client_address: unused.
    const requestData = await recv(clientConnection, 1024)
    console.log(requestData.toString('utf-8'))

    const httpResponse = Buffer.from(`\
HTTP/1.1 200 OK\r
\r
Hello, World!
`) // A Buffer is bytes. \r: Node's HTTP clients refuse the Python's bare \n.
    clientConnection.write(httpResponse) // queued: close() still sends it
    close(clientConnection)
  }
})

// Node's side: what the Python does not need. Line 1 runs ./webserver1.ts as
// npx tsx webserver1.ts (env -S splits "npx tsx" at the space).
// The port: the first argument, else the Python's 8888; 0 lets the system
// pick a free one. argv holds the runtime, this file, then the arguments:
// argv[2] is the first. Exit 2, by custom: the command was typed wrong.
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
    // Not a second loop: Node runs this as each client arrives, to handle
    // its errors. An abrupt hang-up raises one, and an error no one handles
    // stops the program; handled, only that client's connection ends.
    (connection) => connection.on('error', () => {}))
  // SO_REUSEADDR: Node sets it on macOS and Linux, so a restarted server gets
  // its port back at once; Windows gives the port back without it.
  // An error before listening: the port cannot be had; after, a client could
  // not be accepted (on() ends the loop with it). One line, exit 1: failed.
  server.on('error', (error: Error & { code?: string }) => {
    console.error(server.listening ? 'Could not accept a client'
      : `Port ${PORT} is not available`, `(${error.code})`)
    process.exit(1)
  })
  // Deno sets up signals (notices like Ctrl+C) when first asked, taking one of
  // the open files a program may have, as each client does: with none left it
  // would crash. So ask now, for SIGWINCH (a resized terminal), and ignore it.
  process.on('SIGWINCH', () => {})
  return server
}

// listen(1): the system queues about one client, and in a burst the others
// retry a second later. Node accepts them from that queue at once, and on()
// keeps them in a list for the loop, each as [connection]; but a burst can
// outrun Node and overflow 1: so 511, Node's default. The banner's port is
// PORT, or the system's pick for 0 (address() is a string for other kinds of
// server, hence "as AddressInfo": the kind with a port).
function boundPort() { return (listenSocket.address() as AddressInfo).port }

// recv(1024): wait for bytes, then take at most 1024. A paused client is read
// once we wait for its 'readable' event, which comes with bytes or as it
// leaves; one already gone is not readable, and no event would come. An abrupt
// hang-up fails the wait: no bytes (the Python's recv would raise). Take all
// that came (null: none) and cut to size: read(1024) would wait for 1024.
async function recv(connection: Socket, size: number) {
  if (connection.readable) await once(connection, 'readable').catch(() => {})
  return (connection.read() ?? Buffer.alloc(0)).subarray(0, size)
}

// close(): end() is its first half: we are done sending. Closing on unread
// bytes makes the system abort the connection, which can lose the answer (the
// Python risks it too): resume() reads and drops them. The client has 5 s to
// read it and close, then destroy() frees it; once it closes, the timer is
// cleared, else each holds its connection 5 s: under load, twice the memory.
function close(connection: Socket) {
  connection.end().resume()
  const letGo = setTimeout(() => connection.destroy(), 5000)
  connection.on('close', () => clearTimeout(letGo))
}
