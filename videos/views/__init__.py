"""Step 4 views, one module per concept: stories, uploads, specification, schedule, public."""

from videos.views import public, schedule, specification, stories, uploads

__all__ = ["public", "schedule", "specification", "stories", "uploads"]
