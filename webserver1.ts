#!/usr/bin/env -S npx tsx
// Run: npx tsx webserver1.ts [port]   (or node, deno run --allow-net, bun)
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { on, once } from 'node:events' // to await a socket's events

const [HOST, PORT] = ['', process.argv[2] ?? '8888']
if (!/^\d{1,5}$/.test(PORT) || Number(PORT) > 65535) {
  console.error('Usage: webserver1.ts [port]  (port: a whole number 0-65535)')
  process.exit(2)
}

// Paused: as behind listen(1), waiting bytes stay in the kernel, not RAM.
const listenSocket = createServer({ pauseOnConnect: true, allowHalfOpen: true },
  (connection) => connection.on('error', () => {})) // a reset ends it alone
// setsockopt(SO_REUSEADDR): libuv does it on Unix; Windows rebinds anyway.
listenSocket.once('error', (error: NodeJS.ErrnoException) => {
  console.error(`Port ${PORT} is not available (${error.code})`)
  process.exit(1) // one line, not a traceback
})
listenSocket.listen(Number(PORT), HOST, 511, async () => { // 1 drops a burst
  const { port } = listenSocket.address() as AddressInfo // 0: the OS picks
  console.log(`Serving HTTP on port ${port} ...`)
  for await (const [clientConnection] of on(listenSocket, 'connection')) {
    const requestData = await recv(clientConnection, 1024)
    console.log(requestData.toString('utf-8'))
    // CRLF, not the Python's bare LF, which Node's own clients refuse.
    const httpResponse = Buffer.from('HTTP/1.1 200 OK\r\n\r\nHello, World!\n')
    clientConnection.write(httpResponse)
    close(clientConnection)
  }
})
process.on('SIGWINCH', () => {}) // Deno: set up signals before fds run out

async function recv(connection: Socket, size: number) { // none if it's gone
  if (connection.readable) await once(connection, 'readable').catch(() => {})
  return (connection.read() ?? Buffer.alloc(0)).subarray(0, size)
}
function close(connection: Socket) { // a FIN; let go when the client does
  connection.end().resume() // drop unread bytes: closing on them resets
  const letGo = setTimeout(() => connection.destroy(), 5000) // or in 5 s
  connection.on('close', () => clearTimeout(letGo)) // frees memory under load
}
