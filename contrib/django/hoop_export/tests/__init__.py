"""Tests of the exporter, run with Python's unittest under a Django
install (Debian's python3-django in hoop's CI):

    cd contrib/django && python3 -m unittest discover -s hoop_export/tests -t .

hoop's "go test ./contrib/django" runs exactly that.
"""
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoop_export.tests.settings")
django.setup()
