"""The settings benchmarks/lists.py serves: the app's, with the bare DRF list of benchmarks/lists_urls.py."""

from cmcoord.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.lists_urls"
