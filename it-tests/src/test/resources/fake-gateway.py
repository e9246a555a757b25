#!/usr/bin/python3
"""A stand-in for gateway.jar that follows its process contract, to test the harness without it.

Usage: fake-gateway.py run --config FILE. Reads admin.listen from FILE, serves /health and
/version there, logs the 'listening' and 'gateway started' lines, and exits 0 on SIGTERM after
logging 'gateway stopped'.
"""
import http.server
import re
import signal
import sys
import threading


def admin_address(config_text):
    match = re.search(r"^admin:\s*\n\s+listen:\s*(\S+):(\d+)\s*$", config_text, re.M)
    if not match:
        sys.exit("fake-gateway: no admin.listen in config")
    return match.group(1), int(match.group(2))


class Admin(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        bodies = {"/health": '{"status":"up","services":{"admin":"up"}}', "/version": '{"version":"fake"}'}
        body = bodies.get(self.path)
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write((body or '{"error":"not found"}').encode())

    def log_message(self, fmt, *args):
        print("fake-gateway: " + fmt % args, flush=True)


def main():
    if sys.argv[1:2] != ["run"] or sys.argv[2:3] != ["--config"]:
        sys.exit("usage: fake-gateway.py run --config FILE")
    with open(sys.argv[3]) as config:
        host, port = admin_address(config.read())
    server = http.server.ThreadingHTTPServer((host, port), Admin)
    print(f"INFO fake - listening service=admin proto=tcp address={host}:{port}", flush=True)
    print("INFO fake - gateway started", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    while not stop.wait(0.2):
        pass
    server.shutdown()
    print("INFO fake - gateway stopped", flush=True)


if __name__ == "__main__":
    main()
