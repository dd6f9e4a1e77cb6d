"""The ``pricing-engine`` command line: the only place that parses arguments, prints or exits."""

__all__: list[str] = []
