#!/usr/bin/env -S npx tsx
// Run: npx tsx webserver1.ts [port]
import { createServer, type AddressInfo } from 'node:net'
import { on, once } from 'node:events'

const [HOST, PORT] = ['', Number(process.argv[2] ?? 8888)]
if (!/^\d{1,5}$/.test(process.argv[2] ?? '8888') || PORT > 65535) {
  console.error('Usage: webserver1.ts [port]  (port: a whole number 0-65535)')
  process.exit(2)
}

// Accepted connections wait unread, as in Python's accept queue; the answer goes out even after the client's FIN.
const listenSocket = createServer({ pauseOnConnect: true, allowHalfOpen: true })
// SO_REUSEADDR: Node sets it itself. listen(1): Node accepts at once and the line waits in this
// process (the loop below takes one at a time), so the kernel keeps its own backlog: 1 would drop SYNs.
listenSocket.listen({ host: HOST, port: PORT })
await once(listenSocket, 'listening').catch((error) => { console.error(`Port ${PORT} is not available (${error.code})`); process.exit(1) })
console.log(`Serving HTTP on port ${(listenSocket.address() as AddressInfo).port} ...`)
for await (const [clientConnection] of on(listenSocket, 'connection')) {
  clientConnection.on('error', () => {}) // a reset must not stop the server
  await once(clientConnection, 'readable').catch(() => {}) // readable: data, or the client left
  const requestData = (clientConnection.read() ?? Buffer.alloc(0)).subarray(0, 1024)
  console.log(requestData.toString('utf-8'))

  const httpResponse = Buffer.from(`\
HTTP/1.1 200 OK\r
\r
Hello, World!
`)
  clientConnection.write(httpResponse)
  clientConnection.end()
  clientConnection.resume() // drain the unread rest, so the close is a FIN, not a reset
}
