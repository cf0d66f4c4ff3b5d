class FourDigitYearConverter:
    """The converter of Django's path() documentation."""

    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return "%04d" % int(value)
