"""Pages of the contest and the collection, one module per concept."""
