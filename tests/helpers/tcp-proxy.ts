import net from "node:net";
import type { AddressInfo } from "node:net";

export interface TcpProxy {
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  via(url: string): string;
  /** Cuts every open connection and refuses new ones until restore(). */
  cut(): void;
  /** Accepts connections but never forwards a byte: a database that takes TCP and never answers. */
  blackhole(): void;
  restore(): void;
  close(): Promise<void>;
}

/** A TCP relay the test controls, put between the service and Postgres to cut the link at will. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: "up" | "cut" | "blackhole" = "up";
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };
  const server = net.createServer((client) => {
    track(client);
    if (mode === "cut") return client.destroy();
    if (mode === "blackhole") return;
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const destroyAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    port,
    via: (url) => {
      const u = new URL(url);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    cut: () => {
      mode = "cut";
      destroyAll();
    },
    blackhole: () => {
      mode = "blackhole";
      destroyAll();
    },
    restore: () => {
      mode = "up";
    },
    close: () =>
      new Promise<void>((resolve) => {
        destroyAll();
        server.close(() => resolve());
      }),
  };
}

/** Where a Postgres URL points. */
export function hostPort(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 5432) };
}
