"""Sphinx configuration of the skreservoir documentation.

Build from the repository root::

    python -m sphinx -W --keep-going -b html docs docs/_build/html

The build runs every example of ``examples/`` (sphinx-gallery) and the
``.. plot::`` blocks of the user guide, so that the pages show their output
and figures. A quicker build, which renders the example pages without
running them (the user guide's figures still run)::

    SKRESERVOIR_DOCS_RUN_EXAMPLES=False python -m sphinx -b html docs docs/_build/html
"""

import os
import sys
import warnings

# Document the checkout this file belongs to, installed or not.
sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..")))

import skreservoir  # noqa: E402

# -- Project -------------------------------------------------------------------
project = "skreservoir"
author = "skreservoir developers"
copyright = "skreservoir developers, BSD-3-Clause"  # noqa: A001 (Sphinx's name)
release = skreservoir.__version__
version = ".".join(release.split(".")[:2])

# -- General -------------------------------------------------------------------
extensions = [
    "numpydoc",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "matplotlib.sphinxext.plot_directive",
    "sphinx_gallery.gen_gallery",
]

templates_path = ["_templates"]
# _build is the output; generated/ (autosummary) and auto_examples/
# (sphinx-gallery) are written by the build and read back as sources.
exclude_patterns = ["_build", "**/.ipynb_checkpoints", "Thumbs.db", ".DS_Store"]
root_doc = "index"
default_role = "code"  # `x` in a docstring reads as inline code
pygments_style = "sphinx"

# -- autodoc / autosummary / numpydoc -----------------------------------------
autosummary_generate = True
autosummary_imported_members = False
autodoc_default_options = {"member-order": "alphabetical"}
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_show_inherited_class_members = False

# -- HTML ----------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"skreservoir {release}"
html_static_path = []
html_theme_options = {
    "github_url": "https://github.com/skreservoir/skreservoir",
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "header_links_before_dropdown": 6,
}
html_sidebars = {"index": []}
html_show_sourcelink = False

# -- plot directive (the figures of the user guide) ----------------------------
# A `.. plot::` block runs its short code at build time and the page shows
# the code and the figure (one PNG). Blocks run from the repository root, so
# that they read benchmarks/results.json as a reader of a checkout would.
plot_working_directory = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
plot_include_source = True
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 100)]
plot_rcparams = {"font.size": 9}
# Run before every block (not shown): silence sktime's notice of a future
# default, which the forecasting figure raises, in the build's output.
plot_pre_code = """
import warnings
warnings.filterwarnings("ignore", category=FutureWarning,
                        message="The default of config ``remember_data``")
"""

# -- sphinx-gallery ------------------------------------------------------------
# Every example runs during the build (each under ~30 s on 2 cores), so its
# page shows its printed output and figures; CI runs them here instead of in
# the test suite. SKRESERVOIR_DOCS_RUN_EXAMPLES=False (or `-D plot_gallery=0`)
# renders the pages without running them.
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "plot_gallery": os.environ.get("SKRESERVOIR_DOCS_RUN_EXAMPLES", "True"),
    "doc_module": ("skreservoir",),
    "backreferences_dir": os.path.join("generated", "backreferences"),
    "reference_url": {"skreservoir": None},
    "remove_config_comments": True,
    "show_memory": False,
    "matplotlib_animations": False,
}

# Headless figures when the examples run.
os.environ.setdefault("MPLBACKEND", "Agg")
warnings.filterwarnings("ignore", category=UserWarning,
                        message="Matplotlib is currently using agg")


# -- Members shown on the class pages ----------------------------------------
# A class page shows the members that skreservoir defines (also in its
# private base classes). Of what scikit-learn, sktime and skbase define it
# keeps only get_params / set_params / fit_transform: their other docstrings
# point to labels of their own documentation, which this build does not
# have. The class template says where the sktime methods are documented.
_FOREIGN_MEMBERS_KEPT = {"get_params", "set_params", "fit_transform"}


def _defining_module(obj):
    """Module in which a member (function, method, property) was defined."""
    target = getattr(obj, "fget", None) or getattr(obj, "__func__", None) or obj
    return getattr(target, "__module__", None) or ""


def _skip_foreign_members(app, what, name, obj, skip, options):
    if skip or what not in ("class", "exception"):
        return None
    module = _defining_module(obj)
    if module.startswith("skreservoir"):
        return None
    if module.startswith("sklearn.") and name in _FOREIGN_MEMBERS_KEPT:
        return None
    return True


def _skip_test_helpers(app, what, name, obj, skip, options):
    """sktime's ``get_test_params`` serves its test suite, not users."""
    return True if name == "get_test_params" else None


# Module-level data (the version string, the scorer objects) would otherwise
# show the docstring of their class (``str``, scikit-learn's ``_Scorer``).
_DATA_DOCS = {
    "skreservoir.__version__": [
        "The version of skreservoir, as a string.",
    ],
    "skreservoir.metrics.neg_nrmse_scorer": [
        "Scorer of :func:`nrmse` with ``normalization=\"std\"``, negated so that",
        "greater is better (``get_scorer(\"neg_nrmse\")``).",
    ],
    "skreservoir.metrics.neg_nrmse_range_scorer": [
        "Scorer of :func:`nrmse` with ``normalization=\"range\"``, negated so",
        "that greater is better (``get_scorer(\"neg_nrmse_range\")``).",
    ],
    "skreservoir.metrics.neg_nrmse_var_scorer": [
        "Scorer of :func:`nrmse` with ``normalization=\"var\"``, negated so that",
        "greater is better (``get_scorer(\"neg_nrmse_var\")``).",
    ],
}


def _data_docstrings(app, what, name, obj, options, lines):
    if what == "data":
        lines[:] = list(_DATA_DOCS.get(name, []))


def setup(app):
    app.connect("autodoc-skip-member", _skip_foreign_members)
    app.connect("autodoc-skip-member", _skip_test_helpers)
    app.connect("autodoc-process-docstring", _data_docstrings)
