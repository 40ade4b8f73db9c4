"""Reading table cells the way an analyst would: missing markers, numbers, dates, headers."""
