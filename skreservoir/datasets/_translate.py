"""ReservoirPy's keywords of the data sets, said with ours (:func:`reservoirpy_keywords`)."""

import functools


def reservoirpy_keywords(function, names):
    """``function`` refusing ReservoirPy's keywords ``names`` (keyword: what to do
    here, where ``{name}`` is the function's name) with a TypeError that says ours;
    Python's own TypeError said only "unexpected keyword argument"."""

    @functools.wraps(function)
    def translated(*args, **kwargs):
        for key in kwargs:
            if key in names:
                raise TypeError(
                    f"{function.__name__}() got {key!r}, ReservoirPy's keyword: "
                    + names[key].format(name=function.__name__)
                    + " (the datasets guide lists ReservoirPy's names beside ours).")
        return function(*args, **kwargs)

    # the defaults, as the function shows them (keyword-only: the wrapper has none)
    translated.__kwdefaults__ = function.__kwdefaults__
    return translated
