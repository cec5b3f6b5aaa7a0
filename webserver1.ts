#!/usr/bin/env -S npx tsx
// Run: npx tsx webserver1.ts [port]   (or node, deno run --allow-net, bun)
// or ./webserver1.ts (macOS, Linux: env -S splits "npx tsx" into 2 words).
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { on, once } from 'node:events' // to await a socket's events

const [HOST, PORT] = ['', process.argv[2] ?? '8888'] // or the 1st argument
if (!/^\d{1,5}$/.test(PORT) || Number(PORT) > 65535) {
  console.error('Usage: webserver1.ts [port]  (port: a whole number 0-65535)')
  process.exit(2) // 2, by custom: the command was typed wrong
}
// socket.socket(), with two options: allowHalfOpen, to answer a client that
// has said it is done sending rather than hang up on it; pauseOnConnect, to
// leave each client unread until its turn, as in the Python (Bun reads).
const listenSocket = createServer({ pauseOnConnect: true, allowHalfOpen: true },
  // An error no one handles stops the program, and a client that hangs up
  // abruptly raises one: this empty handler lets it end that client alone.
  (connection) => connection.on('error', () => {}))
// setsockopt(SO_REUSEADDR): Node sets it on macOS and Linux, so a restarted
// server gets its port back at once; Windows gives it back without it.
// Before listening, an error means the port cannot be had; after, a client
// could not be accepted (the loop below ends too). One line, no traceback.
listenSocket.on('error', (error: NodeJS.ErrnoException) => {
  console.error(listenSocket.listening ? 'Could not accept a client'
    : `Port ${PORT} is not available`, `(${error.code})`)
  process.exit(1) // 1: it failed
})
// listen(1) has the system hold about one client ready to accept; a crowd
// arriving at once is turned away, to try again a second later. Node accepts
// each as it comes, to wait in line in our loop: let the system hold 511.
listenSocket.listen(Number(PORT), HOST, 511, async () => { // bind + listen
  const { port } = listenSocket.address() as AddressInfo // 0: any free one
  console.log(`Serving HTTP on port ${port} ...`)
  // while True + accept(): each client in turn, as a list: [connection].
  for await (const [clientConnection] of on(listenSocket, 'connection')) {
    const requestData = await recv(clientConnection, 1024)
    console.log(requestData.toString('utf-8'))
    // Head lines end in \r\n, as HTTP asks; Node's clients refuse a bare \n.
    const httpResponse = Buffer.from('HTTP/1.1 200 OK\r\n\r\nHello, World!\n')
    clientConnection.write(httpResponse) // all of it, as sendall() does
    close(clientConnection)
  }
})
// Deno gets ready for signals (the system's notices, such as Ctrl+C) when
// first asked, and crashes if a crowd of clients has by then used up the
// connections the system allows it. Asking now gets it ready at the start.
process.on('SIGWINCH', () => {}) // a terminal resized: nothing to do

// Waits for the client's bytes, or for it to leave: one that hangs up
// abruptly gives nothing, not an error that stops us (it stops the Python).
async function recv(connection: Socket, size: number) {
  if (connection.readable) await once(connection, 'readable').catch(() => {})
  // read(1024) would wait for 1024 bytes: read() takes what came; keep 1024.
  return (connection.read() ?? Buffer.alloc(0)).subarray(0, size)
}
// end() says we are done sending, as the Python's close() does. Closing with
// bytes unread would have the system abort the connection, losing the answer
// at times: resume(), pauseOnConnect's undoing, reads them in to be dropped.
// destroy() lets go 5 s on, unless the client has closed its side first.
function close(connection: Socket) {
  connection.end().resume()
  const letGo = setTimeout(() => connection.destroy(), 5000)
  connection.on('close', () => clearTimeout(letGo)) // or timers pile up
}
