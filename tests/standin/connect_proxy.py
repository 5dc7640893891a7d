#!/usr/bin/env python3
"""An HTTPS proxy for tests that routes every CONNECT to the stand-in cloud on 127.0.0.1.

    connect_proxy.py STATE.json --to PORT

Clients (the clouds' CLIs and SDKs, which honour HTTPS_PROXY) ask it to CONNECT to the real
API host; it answers 200 and joins the tunnel to 127.0.0.1:PORT, whatever host was asked for,
so nothing leaves the machine. The TLS inside the tunnel is the stand-in's, with a certificate
for that host signed by the stand-in's CA (give the client that CA, e.g. REQUESTS_CA_BUNDLE).
Anything but CONNECT is refused with 405. Once listening it writes STATE.json: {"port", "pid"},
and appends one JSON line per tunnel (the host asked for) to STATE.json's folder/proxy-log.jsonl.
SIGTERM stops it.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import signal
import socket
import sys
import threading


def pipe(a: socket.socket, b: socket.socket) -> None:
    sockets = [a, b]
    try:
        while True:
            ready, _, _ = select.select(sockets, [], [], 60)
            if not ready:
                return
            for s in ready:
                data = s.recv(65536)
                if not data:
                    return
                (b if s is a else a).sendall(data)
    except OSError:
        return
    finally:
        a.close()
        b.close()


def handle(client: socket.socket, port: int, log_path: str, lock: threading.Lock) -> None:
    try:
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = client.recv(4096)
            if not chunk or len(head) > 65536:
                client.close()
                return
            head += chunk
        line = head.split(b"\r\n", 1)[0].decode("latin-1")
        parts = line.split()
        if len(parts) != 3 or parts[0] != "CONNECT":
            client.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            client.close()
            return
        with lock, open(log_path, "a", encoding="utf-8") as f:
            f.write(json.dumps({"connect": parts[1]}) + "\n")
        upstream = socket.create_connection(("127.0.0.1", port), timeout=30)
        client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        rest = head.split(b"\r\n\r\n", 1)[1]
        if rest:
            upstream.sendall(rest)
        pipe(client, upstream)
    except OSError:
        client.close()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("state")
    p.add_argument("--to", type=int, required=True, help="the stand-in's port on 127.0.0.1")
    a = p.parse_args()
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    log_path = os.path.join(os.path.dirname(os.path.abspath(a.state)), "proxy-log.jsonl")
    open(log_path, "w").close()
    lock = threading.Lock()
    tmp = a.state + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({"port": server.getsockname()[1], "pid": os.getpid(), "log": log_path}, f)
    os.replace(tmp, a.state)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    while True:
        client, _ = server.accept()
        threading.Thread(target=handle, args=(client, a.to, log_path, lock), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
