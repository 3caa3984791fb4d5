#!/usr/bin/python3
"""A minimal OAuth 2.0 token introspection endpoint (RFC 7662) for Dovecot's oauth2 passdb in
ordermail's tests: POST /introspect with token=... answers active with --user for the one token in
--token-file, inactive for any other. Prints its port on stdout once it listens on 127.0.0.1, and
runs until stdin closes."""
import argparse
import http.server
import json
import sys
import threading
import urllib.parse


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--token-file", required=True)
    parser.add_argument("--user", required=True)
    options = parser.parse_args()
    with open(options.token_file) as token_file:
        token = token_file.read().strip()

    class Introspection(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            form = urllib.parse.parse_qs(self.rfile.read(length).decode())
            active = form.get("token", [""])[0] == token
            body = json.dumps({"active": True, "username": options.user} if active else {"active": False}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Introspection)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(server.server_address[1], flush=True)
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
