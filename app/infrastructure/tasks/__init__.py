"""Background work behind the TaskRunner port."""
