"""Page routes, one module per area; ``web.pages.install`` registers them."""
