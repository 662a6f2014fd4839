#!/usr/bin/env python3
"""Slow and stalled clients against a running `panorama serve` (not a
test: it prints figures). Opens S connections that send their request head
one byte a second and never finish it, plus M that send a few bytes and
stall, then times R ordinary requests made meanwhile, and reports when the
trickling connections were cut off.
Usage: scripts/slow-clients.py PORT [S] [M] [R]"""
import socket, sys, threading, time

port = int(sys.argv[1])
slow, stalled, requests = (int(a) for a in (sys.argv[2:5] + ["512", "600", "50"][len(sys.argv[2:5]):]))
cut = []

def trickle():
    s = socket.create_connection(("127.0.0.1", port))
    start = time.time()
    head = b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 10_000
    try:
        for b in head:
            s.send(bytes([b]))
            s.settimeout(1.0)
            try:
                if s.recv(1024) == b"":
                    break
            except socket.timeout:
                pass
    except OSError:
        pass
    cut.append(time.time() - start)

threads = [threading.Thread(target=trickle, daemon=True) for _ in range(slow)]
for t in threads:
    t.start()
held = []
for _ in range(stalled):
    s = socket.create_connection(("127.0.0.1", port))
    s.send(b"GET / HTTP/1.1\r\nHo")
    held.append(s)
time.sleep(1)
times, errors = [], 0
for _ in range(requests):
    t = time.time()
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(b"GET /robots.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
        if not data.startswith(b"HTTP/1.1 200"):
            errors += 1
    except OSError:
        errors += 1
    times.append(time.time() - t)
    time.sleep(0.1)
times.sort()
print(f"{slow} trickling + {stalled} stalled connections; {requests} requests: "
      f"{errors} failed, median {times[len(times)//2]*1000:.1f} ms, max {times[-1]*1000:.1f} ms")
for t in threads:
    t.join(timeout=30)
if cut:
    cut.sort()
    print(f"trickling connections cut off after {cut[0]:.1f}–{cut[-1]:.1f} s ({len(cut)} of {slow})")
