"""The apps stand in layers: each depends only on apps listed before it in INSTALLED_APPS.

`base` (the ground floor) comes first and depends on no product app; `pages` and `demo`, which
bring the product apps together, come last. A dependency is an import anywhere in an app's
code (function-level imports included; migrations excepted, they only name apps) or a model
field relating to another app's model.
"""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LOCAL_APPS = [
    label for label in settings.INSTALLED_APPS if "." not in label and (ROOT / label).is_dir()
]


def imported_modules(source):
    """Return the absolute module names a Python source imports, at any depth."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def imported_apps(label):
    """Return {app: first file importing it} for the local apps the app's code imports."""
    found = {}
    for path in sorted((ROOT / label).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for name in imported_modules(path.read_text(encoding="utf-8")):
            top = name.split(".")[0]
            if top in LOCAL_APPS and top != label:
                found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def related_apps(label):
    """Return {app: model field} for the local apps whose models this app's models relate to."""
    found = {}
    for model in apps.get_app_config(label).get_models():
        for field in model._meta.get_fields():
            if not field.is_relation or field.auto_created:
                continue
            other = field.related_model._meta.app_label
            if other in LOCAL_APPS and other != label:
                found.setdefault(other, f"{model._meta.label}.{field.name}")
    return found


def dependencies(label):
    return {**related_apps(label), **imported_apps(label)}


def test_the_ground_floor_and_the_top_floor_are_where_the_layers_say():
    assert LOCAL_APPS[0] == "base"
    assert LOCAL_APPS[-2:] == ["pages", "demo"]


def test_base_depends_on_no_product_app():
    assert dependencies("base") == {}


def test_every_app_depends_only_on_apps_below_it():
    """No app depends on one listed after it, so no two apps can depend on each other."""
    upward = {
        f"{label} -> {other}": where
        for position, label in enumerate(LOCAL_APPS)
        for other, where in dependencies(label).items()
        if LOCAL_APPS.index(other) > position
    }
    assert upward == {}


def test_the_walk_sees_imports_inside_functions_and_model_relations():
    # The walk must find what it is meant to forbid, or the tests above prove nothing.
    late_import = "def timeout():\n    from articles.models import Article\n    import treatments\n"
    assert list(imported_modules(late_import)) == ["articles.models", "treatments"]
    assert imported_apps("newsletter")["articles"] == "newsletter/admin.py"
    assert related_apps("reviews") == {"treatments": "reviews.Review.related_treatment"}
