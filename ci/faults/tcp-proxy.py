#!/usr/bin/env python3
"""A TCP proxy on 127.0.0.1 for fault tests: the gate talks to the database through it, and the test kills
it mid-run, so the database goes away during a query for real.

    tcp-proxy.py LISTEN_PORT TARGET_PORT [--reset-after-bytes N] [--trickle-after-bytes N --trickle-ms MS]

--reset-after-bytes N   once a connection has carried N bytes from the server to the client, reset it (RST,
                        as a crashed server or a dropped route does), both sides, in the middle of an answer
--trickle-after-bytes N once a connection has carried N bytes from the server, pass the rest one byte every
                        --trickle-ms milliseconds (default 1000): a server answering one byte at a time

Standard library only; every connection is two threads copying bytes. Ends with its process.
"""
import argparse
import socket
import struct
import sys
import threading
import time


def reset(sock):
    # SO_LINGER with a zero timeout: the last close sends RST instead of FIN. The other pipe thread may be blocked
    # reading this socket (holding it open): shutting its reading side down wakes it first.
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.shutdown(socket.SHUT_RD)
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass


def pipe(source, target, limits=None):
    carried = 0
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            if limits and limits.reset_after is not None and carried + len(data) > limits.reset_after:
                target.sendall(data[: max(0, limits.reset_after - carried)])
                reset(target)
                reset(source)
                return
            if limits and limits.trickle_after is not None and carried + len(data) > limits.trickle_after:
                head = max(0, limits.trickle_after - carried)
                target.sendall(data[:head])
                for index in range(head, len(data)):
                    time.sleep(limits.trickle_ms / 1000)
                    target.sendall(data[index:index + 1])
            else:
                target.sendall(data)
            carried += len(data)
    except OSError:
        pass
    finally:
        for s in (source, target):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("listen_port", type=int)
    parser.add_argument("target_port", type=int)
    parser.add_argument("--reset-after-bytes", dest="reset_after", type=int)
    parser.add_argument("--trickle-after-bytes", dest="trickle_after", type=int)
    parser.add_argument("--trickle-ms", dest="trickle_ms", type=int, default=1000)
    limits = parser.parse_args()
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", limits.listen_port))
    server.listen(64)
    print(f"tcp-proxy: 127.0.0.1:{limits.listen_port} -> 127.0.0.1:{limits.target_port}", file=sys.stderr, flush=True)
    while True:
        client, _ = server.accept()
        upstream = socket.create_connection(("127.0.0.1", limits.target_port))
        threading.Thread(target=pipe, args=(client, upstream), daemon=True).start()
        threading.Thread(target=pipe, args=(upstream, client, limits), daemon=True).start()


if __name__ == "__main__":
    main()
