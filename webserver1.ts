#!/usr/bin/env -S npx tsx
// Run: npx tsx webserver1.ts [port]   (or: node, deno run --allow-net, bun webserver1.ts [port])
import { createServer, type AddressInfo } from 'node:net'
import { on, once } from 'node:events'

const [HOST, PORT] = ['', process.argv[2] ?? '8888']
if (!/^\d{1,5}$/.test(PORT) || +PORT > 65535) {
  console.error('Usage: webserver1.ts [port]  (port: a whole number 0-65535)')
  process.exit(2)
}

process.on('SIGWINCH', () => {}) // makes Deno set up signals now; out of descriptors later, it would panic
// Each connection waits unread until its turn, and is answered even if the client has sent its FIN.
const listenSocket = createServer({ pauseOnConnect: true, allowHalfOpen: true })
listenSocket.once('error', (error: NodeJS.ErrnoException) => {
  console.error(`Port ${PORT} is not available (${error.code})`)
  process.exit(1) // bind()'s error: a port in use is one line and exit 1, not a traceback
})
// SO_REUSEADDR: Node's default. listen(1): the loop below is the waiting line; 511 lets a burst in.
listenSocket.listen({ host: HOST, port: +PORT, backlog: 511 }, async () => {
  console.log(`Serving HTTP on port ${(listenSocket.address() as AddressInfo).port} ...`)
  for await (const [clientConnection] of on(listenSocket, 'connection')) {
    clientConnection.on('error', () => {}) // a reset ends this connection, not the server
    // recv(1024): wait for the first data or the client's end, unless it has already gone
    if (clientConnection.readable) await once(clientConnection, 'readable').catch(() => {})
    const requestData = (clientConnection.read() ?? Buffer.alloc(0)).subarray(0, 1024)
    console.log(requestData.toString('utf-8'))

    const httpResponse = Buffer.from(`\
HTTP/1.1 200 OK\r
\r
Hello, World!
`)
    clientConnection.write(httpResponse)
    // close(): a FIN; drain the rest, or closing would reset; let go when the client closes or after 5 s
    clientConnection.end().resume()
    const letGo = setTimeout(() => clientConnection.destroy(), 5000)
    clientConnection.once('close', () => clearTimeout(letGo))
  }
})
