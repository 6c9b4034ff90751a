#!/usr/bin/env python3
"""A TCP proxy on 127.0.0.1 for fault tests: the gate talks to the database through it, and the test kills
it mid-run, so the database goes away during a query for real.

    tcp-proxy.py LISTEN_PORT TARGET_PORT

Standard library only; every connection is two threads copying bytes. Ends with its process.
"""
import socket
import sys
import threading


def pipe(source, target):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            target.sendall(data)
    except OSError:
        pass
    finally:
        for s in (source, target):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def main():
    listen_port, target_port = int(sys.argv[1]), int(sys.argv[2])
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", listen_port))
    server.listen(64)
    print(f"tcp-proxy: 127.0.0.1:{listen_port} -> 127.0.0.1:{target_port}", file=sys.stderr, flush=True)
    while True:
        client, _ = server.accept()
        upstream = socket.create_connection(("127.0.0.1", target_port))
        for a, b in ((client, upstream), (upstream, client)):
            threading.Thread(target=pipe, args=(a, b), daemon=True).start()


if __name__ == "__main__":
    main()
