"""Local development: DEBUG on, embedded services unless the environment names real ones."""

from resursnaya_sreda.settings.base import *  # noqa: F403
