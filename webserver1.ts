#!/usr/bin/env -S npx tsx
// Run: npx tsx webserver1.ts [port] (or node 22.18+, deno run --allow-net, bun)
// or ./webserver1.ts on macOS, Linux (env -S: "npx tsx" is 2 words, not 1).
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { on, once } from 'node:events' // to await events: a client arriving
// argv holds the runtime, this file, then the arguments: argv[2] is the 1st.
const [HOST, PORT] = ['', process.argv[2] ?? '8888']
if (!/^\d{1,5}$/.test(PORT) || Number(PORT) > 65535) {
  console.error('Usage: webserver1.ts [port]  (port: a whole number 0-65535)')
  process.exit(2) // 2, by custom: the command was typed wrong
}
// socket.socket(). allowHalfOpen: a client may stop sending and still wait
// for the answer (Node would stop ours too). pauseOnConnect: leave a client
// unread until its turn, as in the Python (Node would read at once; Bun does).
const listenSocket = createServer({ pauseOnConnect: true, allowHalfOpen: true },
  // Runs for each client as it arrives: an error no one handles stops the
  // program, and an abrupt hang-up raises one; handled, it ends just that one.
  (connection) => connection.on('error', () => {}))
// setsockopt(SO_REUSEADDR): Node sets it on macOS and Linux, so a restarted
// server gets its port back at once; Windows gives it back without it.
// Before listening, an error means the port cannot be had; after, a client
// could not be accepted, which stops the loop. One line, then exit.
listenSocket.on('error', (error: NodeJS.ErrnoException) => {
  console.error(listenSocket.listening ? 'Could not accept a client'
    : `Port ${PORT} is not available`, `(${error.code})`)
  process.exit(1) // 1: it failed
})
// listen(1) keeps about one client waiting to be accepted; in a burst the
// rest get no answer and retry a second later. Node accepts each at once, to
// wait in line for our loop, so let the system keep 511 (Node's usual).
listenSocket.listen(Number(PORT), HOST, 511, async () => { // bind + listen
  const { port } = listenSocket.address() as AddressInfo // 0: system's pick
  console.log(`Serving HTTP on port ${port} ...`)
  // while True + accept(): on() gives each event's values as a list.
  for await (const [clientConnection] of on(listenSocket, 'connection')) {
    const requestData = await recv(clientConnection, 1024)
    console.log(requestData.toString('utf-8'))
    // Browsers take the Python's bare \n; Node's own clients do not, so head
    // lines end in \r\n, as HTTP asks. A Buffer is Node's b'...', bytes.
    const httpResponse = Buffer.from('HTTP/1.1 200 OK\r\n\r\nHello, World!\n')
    clientConnection.write(httpResponse) // all of it, sent in the background
    close(clientConnection)
  }
})
// Deno sets up signals (the system's notices, such as Ctrl+C) when a program
// first listens for one, taking a slot of the kind each connection takes:
// if a crowd holds them all, it crashes. Listening now sets them up at start.
process.on('SIGWINCH', () => {}) // a terminal resized: nothing to do
// Waits for the client's bytes, or its leaving (readable is false once it
// has left): an abrupt hang-up gives no bytes, not an error as in the Python.
async function recv(connection: Socket, size: number) {
  if (connection.readable) await once(connection, 'readable').catch(() => {})
  // Take what came (null: none), cut to size: read(1024) would wait for 1024.
  return (connection.read() ?? Buffer.alloc(0)).subarray(0, size)
}
// end() is the first half of the Python's close(): we are done sending.
// Closing on unread bytes makes the system reset the connection, which can
// lose the answer (the Python risks it too): resume() reads and drops them.
// destroy() frees the connection 5 s on, if the client has not closed it.
function close(connection: Socket) {
  connection.end().resume()
  const letGo = setTimeout(() => connection.destroy(), 5000)
  connection.on('close', () => clearTimeout(letGo)) // or timers pile up
}
