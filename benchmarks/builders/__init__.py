"""Builders of the analytics benchmark's synthetic database (issue 8): columns of numbers, not people.

Used by `python -m screening bench analytics` and the scripts beside this package; never by the product.
"""
