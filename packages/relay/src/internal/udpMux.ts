// One UDP port for every WebRTC session of a thread (`udpPort`): werift gives each ICE agent its own
// socket (one descriptor and one port per peer connection — about 4,000 listeners exhaust a process's
// descriptors, and thousands of ports are a firewall's nightmare). Here each werift ICE `Connection`
// gets STUN protocols whose transport is a view of one shared socket per IP family, and incoming
// datagrams are demultiplexed the way Pion and MediaMTX do it: a STUN request from a remote address not
// seen before goes to the session whose local ufrag its USERNAME names (after its MESSAGE-INTEGRITY checks
// out with that session's password), every later datagram from that address to the same session; STUN
// responses go to the session whose request carried their transaction id. Local ufrags are made unique
// per socket (werift's are 4 hex digits: a few hundred sessions would collide).
// Pinned to werift 0.25.2's ICE internals (Connection, StunProtocol); see RELAY-NOTES.md.
import { randomBytes } from "node:crypto"
import { createSocket, type Socket } from "node:dgram"
import { isIP, isIPv6 } from "node:net"
import { Effect } from "effect"
import {
  Candidate,
  candidateFoundation,
  candidatePriority,
  parseMessage,
  type RTCPeerConnection,
  StunProtocol
} from "werift"

import { InvalidRelayConfig } from "../errors.ts"

type Address = readonly [string, number]

/** The werift 0.25.2 StunProtocol fields the mux sets and calls. */
interface Protocol {
  transport: unknown
  localIp: string | undefined
  localCandidate: Candidate | undefined
  readonly datagramReceived: (data: Buffer, addr: Address) => void
}

/** The werift 0.25.2 ICE Connection fields the mux reads, sets and wraps. */
interface Connection {
  localUsername: string
  localPassword: string
  userHistory: Record<string, string>
  readonly generation: number
  readonly protocols: Array<Protocol>
  readonly ensureProtocol: (protocol: Protocol) => void
  readonly pairLocalProtocol: (protocol: Protocol) => void
  readonly appendLocalCandidate: (candidate: Candidate) => void
  getCandidatePromises: (addresses: ReadonlyArray<string>, timeout?: number) => Array<Promise<unknown>>
  restart: () => Promise<void>
  close: () => Promise<void>
}

interface Session {
  readonly connection: Connection
  /** The session's protocols (one per host address) by family socket; new remotes go to the first. */
  readonly protocols: Map<Family, Array<Protocol>>
  readonly ufrags: Set<string>
  readonly remotes: Set<string>
  readonly transactions: Set<string>
}

interface Family {
  readonly family: 4 | 6
  readonly socket: Socket
  readonly bound: string
}

interface Route {
  readonly session: Session
  readonly protocol: Protocol
}

/** A shared-socket ICE transport for every session of this thread. */
export interface UdpMux {
  /** The UDP port every session's host candidates advertise. */
  readonly port: number
  /** Sessions whose ICE runs over the mux now. */
  readonly sessions: () => number
  /** Makes the peer connection's ICE agents use the mux (call before setRemoteDescription). */
  readonly attach: (pc: RTCPeerConnection) => void
  /** Closes the sockets. */
  readonly close: () => Promise<void>
}

const MAGIC_COOKIE = 0x2112a442
const USERNAME = 0x0006
const UFRAG_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

/** STUN class of a datagram (0 request, 1 indication, 2 success, 3 error), or -1 when it is not STUN. */
export const stunClass = (data: Buffer): number => {
  if (data.length < 20 || ((data[0] ?? 0) & 0xc0) !== 0 || data.readUInt32BE(4) !== MAGIC_COOKIE) return -1
  const type = data.readUInt16BE(0)
  return ((type & 0x0100) >> 7) | ((type & 0x0010) >> 4)
}

/** The local ufrag a STUN request's USERNAME (`<local ufrag>:<remote ufrag>`) names, if any. */
export const stunLocalUfrag = (data: Buffer): string | undefined => {
  for (let pos = 20; pos + 4 <= data.length; ) {
    const type = data.readUInt16BE(pos)
    const length = data.readUInt16BE(pos + 2)
    if (pos + 4 + length > data.length) return undefined
    if (type === USERNAME) {
      const username = data.toString("utf8", pos + 4, pos + 4 + length)
      const colon = username.indexOf(":")
      return colon < 0 ? undefined : username.slice(0, colon)
    }
    pos += 4 + length + ((4 - (length % 4)) % 4)
  }
  return undefined
}

/** A key for a remote transport address, injective across families (`|` occurs in no IP address). */
const remoteKey = (family: 4 | 6, address: string, port: number) => `${family}|${address}|${port}`

/**
 * Kernel buffer sizes of a shared socket (capped by net.core.rmem_max / wmem_max). One socket takes what
 * hundreds of per-session sockets buffered between them: with Linux's default 208 KiB, a join storm's
 * DTLS flights overflowed it while the thread was busy with handshakes (hundreds of drops a second,
 * handshakes lost), so ask for 8 MiB.
 */
const SOCKET_BUFFER_BYTES = 8 * 1024 * 1024

const bind = (family: 4 | 6, address: string, port: number): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const socket = createSocket({
      type: family === 4 ? "udp4" : "udp6",
      ipv6Only: family === 6,
      recvBufferSize: SOCKET_BUFFER_BYTES,
      sendBufferSize: SOCKET_BUFFER_BYTES
    })
    socket.once("error", reject)
    socket.bind({ port, address, exclusive: true }, () => {
      socket.off("error", reject)
      resolve(socket)
    })
  })

/**
 * Opens the shared sockets on `port`: IPv4 on `bind.udp4` (default 0.0.0.0) and, with `ipv6`, IPv6 on
 * `bind.udp6` (default ::; skipped when the host has no IPv6). Rejects when the IPv4 port is taken.
 */
export const openUdpMux = async (options: {
  readonly port: number
  readonly ipv6: boolean
  readonly bind: { readonly udp4?: string; readonly udp6?: string }
}): Promise<UdpMux> => {
  const families: Array<Family> = []
  const v4 = options.bind.udp4 ?? "0.0.0.0"
  families.push({ family: 4, socket: await bind(4, v4, options.port), bound: v4 })
  if (options.ipv6) {
    const v6 = options.bind.udp6 ?? "::"
    const socket = await bind(6, v6, options.port).catch(() => undefined)
    if (socket !== undefined) families.push({ family: 6, socket, bound: v6 })
  }
  const byUfrag = new Map<string, Session>()
  const byRemote = new Map<string, Route>()
  const byTransaction = new Map<string, Route>()
  const sessions = new Set<Session>()

  const uniqueUfrag = (): string => {
    for (;;) {
      const bytes = randomBytes(8)
      let ufrag = ""
      for (const b of bytes) ufrag += UFRAG_ALPHABET[b % UFRAG_ALPHABET.length]
      if (!byUfrag.has(ufrag)) return ufrag
    }
  }

  /** Gives the connection a ufrag no other session of the mux uses (keeps its password). */
  const claimUfrag = (session: Session) => {
    const c = session.connection
    const old = c.localUsername
    const ufrag = uniqueUfrag()
    c.localUsername = ufrag
    c.userHistory[ufrag] = c.localPassword
    if (!session.ufrags.has(old)) delete c.userHistory[old]
    session.ufrags.add(ufrag)
    byUfrag.set(ufrag, session)
  }

  const forget = (session: Session) => {
    if (!sessions.delete(session)) return
    for (const u of session.ufrags) if (byUfrag.get(u) === session) byUfrag.delete(u)
    for (const r of session.remotes) if (byRemote.get(r)?.session === session) byRemote.delete(r)
    for (const t of session.transactions) byTransaction.delete(t)
  }

  const transportFor = (f: Family, session: Session, protocol: Protocol) => {
    const t = {
      type: "udp",
      closed: false,
      addressFamily: f.family,
      address: { address: f.bound, port: options.port, family: f.family === 4 ? "IPv4" : "IPv6" },
      onData: (data: Buffer, addr: Address) => protocol.datagramReceived(data, addr),
      send: async (data: Buffer, addr: Address | undefined): Promise<void> => {
        if (t.closed || addr === undefined) return
        if (stunClass(data) === 0) {
          const id = data.toString("hex", 8, 20)
          byTransaction.set(id, { session, protocol })
          session.transactions.add(id)
        }
        if (isIP(addr[0]) !== 0) f.socket.send(data, addr[1], addr[0])
        else
          await new Promise<void>((resolve, reject) =>
            f.socket.send(data, addr[1], addr[0], (e) => (e === null ? resolve() : reject(e)))
          )
      },
      /**
       * Sends an application datagram (SRTP) to an IP address at once: no STUN bookkeeping, no promise.
       * `leanSend` uses it for forwarding, the hot path; everything else goes through `send`.
       */
      sendNow: (data: Buffer, addr: Address): void => {
        if (!t.closed) f.socket.send(data, addr[1], addr[0])
      },
      close: async () => {
        t.closed = true
        forget(session)
      }
    }
    return t
  }

  const deliver = (route: Route, data: Buffer, addr: Address) => {
    try {
      route.protocol.datagramReceived(data, addr)
    } catch {
      // werift logs and drops a datagram it cannot handle; so does the mux
    }
  }

  for (const f of families)
    f.socket.on("message", (data, rinfo) => {
      const address = f.family === 6 ? (rinfo.address.split("%")[0] ?? rinfo.address) : rinfo.address
      const addr: Address = [address, rinfo.port]
      const key = remoteKey(f.family, address, rinfo.port)
      const cls = stunClass(data)
      if (cls === 2 || cls === 3) {
        const id = data.toString("hex", 8, 20)
        const route = byTransaction.get(id)
        if (route === undefined) return
        byTransaction.delete(id)
        route.session.transactions.delete(id)
        deliver(route, data, addr)
        return
      }
      const known = byRemote.get(key)
      if (cls === 0) {
        const ufrag = stunLocalUfrag(data)
        const session = ufrag === undefined ? undefined : byUfrag.get(ufrag)
        if (ufrag === undefined || session === undefined) return
        if (known?.session === session) return deliver(known, data, addr)
        const protocol = session.protocols.get(f)?.[0]
        const password = session.connection.userHistory[ufrag] ?? session.connection.localPassword
        // A new address (or one moving to another session) must prove it holds the session's password.
        if (protocol === undefined || parseMessage(data, Buffer.from(password, "utf8")) === undefined) return
        const route = { session, protocol }
        byRemote.set(key, route)
        session.remotes.add(key)
        return deliver(route, data, addr)
      }
      if (known !== undefined) deliver(known, data, addr)
    })

  const attachConnection = (connection: Connection) => {
    const session: Session = {
      connection,
      protocols: new Map(),
      ufrags: new Set(),
      remotes: new Set(),
      transactions: new Set()
    }
    sessions.add(session)
    claimUfrag(session)
    // werift's restart() sets a new 4-hex-digit ufrag before its first await: replace it at once.
    const restart = connection.restart.bind(connection)
    connection.restart = () => {
      const done = restart()
      claimUfrag(session)
      return done
    }
    const close = connection.close.bind(connection)
    connection.close = async () => {
      try {
        await close()
      } finally {
        forget(session)
      }
    }
    // Host candidates on the shared port, one per host address (as werift makes them, but over the
    // family's shared socket): no per-session socket, no TCP candidates, no STUN/TURN gathering.
    connection.getCandidatePromises = (addresses) =>
      addresses.flatMap((address) => {
        const f = families.find((x) => x.family === (isIPv6(address) ? 6 : 4))
        if (f === undefined || connection.protocols.some((p) => p.localIp === address)) return []
        const protocol = new StunProtocol() as unknown as Protocol
        connection.ensureProtocol(protocol)
        protocol.transport = transportFor(f, session, protocol)
        protocol.localIp = address
        session.protocols.set(f, [...(session.protocols.get(f) ?? []), protocol])
        connection.protocols.push(protocol)
        protocol.localCandidate = new Candidate(
          candidateFoundation("host", "udp", address),
          1,
          "udp",
          candidatePriority("host", { transport: "udp" }),
          address,
          options.port,
          "host",
          undefined,
          undefined,
          undefined,
          connection.generation,
          connection.localUsername
        )
        connection.pairLocalProtocol(protocol)
        connection.appendLocalCandidate(protocol.localCandidate)
        return [Promise.resolve(protocol.localCandidate)]
      })
  }

  return {
    port: options.port,
    sessions: () => sessions.size,
    attach: (pc) => {
      const manager = (
        pc as unknown as {
          secureManager: { createTransport: (o?: unknown) => { iceTransport: { connection: unknown } } }
        }
      ).secureManager
      const create = manager.createTransport.bind(manager)
      manager.createTransport = (o) => {
        const transport = create(o)
        attachConnection(transport.iceTransport.connection as Connection)
        return transport
      }
    },
    close: async () => {
      await Promise.all(families.map((f) => new Promise<void>((resolve) => f.socket.close(() => resolve()))))
    }
  }
}

const shared = new Map<number, Promise<UdpMux>>()

/**
 * This thread's mux on `port`, opened on first use (every session of a thread shares it). A failed
 * open is not cached, so a later call tries again.
 */
export const sharedUdpMux = (options: Parameters<typeof openUdpMux>[0]): Promise<UdpMux> => {
  let mux = shared.get(options.port)
  if (mux === undefined) {
    mux = openUdpMux(options)
    shared.set(options.port, mux)
    mux.catch(() => shared.delete(options.port))
  }
  return mux
}

/** Closes this thread's mux on `port`, if one is open. */
export const closeSharedUdpMux = async (port: number): Promise<void> => {
  const mux = shared.get(port)
  shared.delete(port)
  await mux?.then((m) => m.close()).catch(() => undefined)
}

/**
 * Checks that `ports` are free UDP ports on `address` (binds and closes each), so a relay whose worker
 * ports are taken fails at start rather than in its workers.
 */
export const probeUdpPorts = async (ports: ReadonlyArray<number>, address = "0.0.0.0"): Promise<void> => {
  for (const port of ports) {
    const socket = await bind(isIPv6(address) ? 6 : 4, address, port)
    await new Promise<void>((resolve) => socket.close(() => resolve()))
  }
}

/**
 * With `udpPort`: opens the main thread's mux on it and checks that the workers' ports (udpPort + 1 …
 * udpPort + workers) are free, so a taken port fails the relay's start with `InvalidRelayConfig` naming it.
 */
export const openUdpPorts = (options: {
  readonly udpPort?: number | undefined
  readonly workers?: number | undefined
  readonly iceIpv6: boolean
  readonly bind: { readonly udp4?: string; readonly udp6?: string } | undefined
}): Effect.Effect<void, InvalidRelayConfig> => {
  const port = options.udpPort
  if (port === undefined) return Effect.void
  const workers = Array.from({ length: options.workers ?? 0 }, (_, i) => port + 1 + i)
  return Effect.tryPromise({
    try: async () => {
      await sharedUdpMux({ port, ipv6: options.iceIpv6, bind: options.bind ?? {} })
      await probeUdpPorts(workers, options.bind?.udp4).catch(async (e: unknown) => {
        await closeSharedUdpMux(port)
        throw e
      })
    },
    catch: (e) =>
      new InvalidRelayConfig({
        field: "udpPort",
        rule: `must leave UDP ports ${port}${workers.length > 0 ? `-${port + workers.length}` : ""} free for the relay (${e instanceof Error ? e.message : String(e)})`
      })
  })
}
