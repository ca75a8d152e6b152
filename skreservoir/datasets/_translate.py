"""ReservoirPy's keywords of the data sets, said with ours (:func:`reservoirpy_keywords`)."""

import functools


def reservoirpy_keywords(function, names, guide="the datasets guide", positional=None):
    """``function`` refusing ReservoirPy's keywords ``names`` (keyword: what to do
    here, where ``{name}`` is the function's name) with a TypeError that says ours;
    Python's own TypeError said only "unexpected keyword argument". ``guide``: the
    page that lists ReservoirPy's names. ``positional``: ``(n, what to do)`` where
    ReservoirPy's function takes more than the ``n`` positional arguments ours does
    (Python's TypeError said only how many were given)."""

    @functools.wraps(function)
    def translated(*args, **kwargs):
        for key in kwargs:
            if key in names:
                raise TypeError(
                    f"{function.__name__}() got {key!r}, ReservoirPy's keyword: "
                    + names[key].format(name=function.__name__)
                    + f" ({guide} lists ReservoirPy's names beside ours).")
        if positional is not None and len(args) > positional[0]:
            raise TypeError(
                f"{function.__name__}() takes {positional[0]} positional argument(s) but "
                f"{len(args)} were given: {positional[1]}.")
        return function(*args, **kwargs)

    # the defaults, as the function shows them (keyword-only: the wrapper has none)
    translated.__kwdefaults__ = function.__kwdefaults__
    return translated


def reservoirpy_names_getattr(module, names):
    """A module's ``__getattr__`` that answers ReservoirPy's names ``names`` (name: what to
    use here) with an AttributeError naming ours; other names get Python's message."""

    def __getattr__(name):
        if name in names:
            raise AttributeError(
                f"module {module!r} has no attribute {name!r} (ReservoirPy's name): use "
                f"{names[name]}.")
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return __getattr__
