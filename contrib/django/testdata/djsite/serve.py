"""Serve the site with the standard library's WSGI server on a loopback
port, for tests: prints "ready http://127.0.0.1:PORT/" once it accepts
connections, then serves until killed.

    python3 serve.py [PORT]   # default 0: any free port
"""
import os
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        sys.stderr.write("django: %s\n" % (format % args))


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "djsite.settings")
    from django.core.wsgi import get_wsgi_application

    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = make_server("127.0.0.1", port, get_wsgi_application(), handler_class=QuietHandler)
    print("ready http://127.0.0.1:%d/" % server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
