"""The uptake and equity dashboards: filters, tiles, charts and their downloads."""
