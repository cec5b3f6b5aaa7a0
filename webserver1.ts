#!/usr/bin/env -S npx tsx
// Run: npx tsx webserver1.ts [port] (or node 22.18+, deno run --allow-net, bun)
// or ./webserver1.ts on macOS, Linux (-S: env splits "npx tsx" at the space).
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { on, once } from 'node:events' // to await events: clients, bytes
// argv holds the runtime, this file, then the arguments: argv[2] is the 1st.
const [HOST, PORT] = ['', process.argv[2] ?? '8888'] // '': every address
if (!/^\d{1,5}$/.test(PORT) || Number(PORT) > 65535) {
  console.error('Usage: webserver1.ts [port]  (port: a whole number 0-65535)')
  process.exit(2) // 2, by custom: the command was typed wrong
}
// socket.socket(). allowHalfOpen: a client may stop sending and still wait
// for the answer (else Node would hang up first). pauseOnConnect: leave each
// client unread until its turn, as in the Python (Bun reads early; no harm).
const listenSocket = createServer({ pauseOnConnect: true, allowHalfOpen: true },
  // Runs for each client as it arrives: an error no one handles stops the
  // program, and an abrupt hang-up raises one; handled, only that client ends.
  (connection) => connection.on('error', () => {}))
// setsockopt(SO_REUSEADDR): Node sets it on macOS and Linux, so a restarted
// server gets its port back at once; Windows gives it back without it.
// Before listening, an error means the port cannot be had; after, a client
// could not be accepted, so the loop would stop. One line, no crash dump.
listenSocket.on('error', (error: NodeJS.ErrnoException) => {
  console.error(listenSocket.listening ? 'Could not accept a client'
    : `Port ${PORT} is not available`, `(${error.code})`)
  process.exit(1) // 1: it failed
})
// listen(1): the system queues about one client; in a burst, the others
// retry a second later. Node empties that queue into a list our loop reads,
// but a burst can outrun it and overflow 1: ask for 511 (Node's usual).
listenSocket.listen(Number(PORT), HOST, 511, async () => { // bind, listen; then
  const { port } = listenSocket.address() as AddressInfo // 0: system's pick
  console.log(`Serving HTTP on port ${port} ...`)
  // while True + accept(): on() gives each client as [connection, ...].
  for await (const [clientConnection] of on(listenSocket, 'connection')) {
    const requestData = await recv(clientConnection, 1024)
    console.log(requestData.toString('utf-8'))
    // Browsers take the Python's bare \n; Node's own HTTP clients do not, so
    // the status line and the empty line end in \r\n. A Buffer is bytes.
    const httpResponse = Buffer.from('HTTP/1.1 200 OK\r\n\r\nHello, World!\n')
    clientConnection.write(httpResponse) // queued; close() still sends it
    close(clientConnection)
  }
})
// Deno sets up signals (the system's notices, like Ctrl+C) when first needed,
// taking a handle as each connection does: if clients hold all, it crashes.
process.on('SIGWINCH', () => {}) // so ask at start, for a resized terminal
// Awaiting 'readable' starts reading a paused client. It comes with bytes,
// or as the client leaves; a client already gone is not readable, and no
// event would come. An abrupt hang-up fails once(): no bytes (Python raises).
async function recv(connection: Socket, size: number) {
  if (connection.readable) await once(connection, 'readable').catch(() => {})
  // Take what came (null: none), cut to size: read(1024) would wait for 1024.
  return (connection.read() ?? Buffer.alloc(0)).subarray(0, size)
}
// end() is the first half of the Python's close(): we are done sending.
// Closing on unread bytes makes the system abort the connection, which can
// lose the answer (the Python risks it too): resume() reads and drops them.
// The client gets 5 s to read the answer and close; then destroy() frees it.
function close(connection: Socket) {
  connection.end().resume()
  const letGo = setTimeout(() => connection.destroy(), 5000)
  connection.on('close', () => clearTimeout(letGo)) // else each lingers 5 s
}
