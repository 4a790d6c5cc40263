"""gunicorn's settings for the hub: `gunicorn -c gunicorn.conf.py` (README, production).

- Threads (``gthread``): a request waiting on the network (a place-name look-up, a slow
  mail server) holds one thread, not a whole worker, so postcode searches and pages go on.
- ``preload_app``: the application is loaded once, before the workers are forked, and the
  port only opens when it is ready, so no visitor waits for a worker to start.
- ``timeout``: a worker stuck longer is restarted. Everything a request may wait for is
  bounded well inside it (the geocoder, Redis, e-mail: docs/security.md).

``--bind`` and ``--workers`` on the command line (or ``GUNICORN_CMD_ARGS``) override these.
"""

import os

wsgi_app = "hub.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8001")
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("WEB_THREADS", "4"))
preload_app = True
timeout = 30
graceful_timeout = 30
keepalive = 5
