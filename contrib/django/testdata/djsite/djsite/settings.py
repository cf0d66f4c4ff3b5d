"""A small Django site with the URL conf shapes hoop's importer must carry
over: several apps, an app included twice, nested namespaced includes, a
prefix that captures, path() with a custom converter, re_path(), DRF-style
format suffixes, default kwargs and an i18n_patterns block."""

SECRET_KEY = "django-insecure-hoop-test-site"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

INSTALLED_APPS = [
    "hoop_export",
    "blog",
    "shop",
    "pages",
]

MIDDLEWARE = [
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
]

ROOT_URLCONF = "djsite.urls"
WSGI_APPLICATION = "djsite.wsgi.application"
DATABASES = {}

USE_I18N = True
USE_TZ = True
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "French")]
