"""Server-rendered pages (Jinja2) with a little of our own JavaScript for progress and chat."""
