"""hoop_export: write a Django site's URL conf, and Django's own answers
for a sample of its URLs, as JSON that hoop's import-django turns into Go.
"""
