"""Journeys: an initiative with goals, the frame every pillar's work hangs from."""
