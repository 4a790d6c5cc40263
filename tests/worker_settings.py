"""The test settings as a worker process runs them: a real queue (the database's, or RQ's when
WORKER_QUEUE=rq), and mail kept in memory."""

import os

from hub.settings.test import *  # noqa: F403
from hub.settings.test import REDIS_URL, with_timeouts

if os.environ.get("WORKER_QUEUE") == "rq":
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": with_timeouts(REDIS_URL)}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
