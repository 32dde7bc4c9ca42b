"""Make a subject (for per-subject flows such as one substrategy per subtype) for URL tests."""


def make_subject(model, case):
    if model is None:
        return None
    factory = getattr(model, "make_for_tests", None)
    if factory is None:
        raise LookupError(f"{model.__name__} needs a make_for_tests(case) classmethod for URL tests")
    return factory(case)
