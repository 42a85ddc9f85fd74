"""Pure algorithms of Parcours: plain Python and NumPy, no Django. Dataclasses in, dataclasses
out; tested by unit and property tests and benchmarked without a database."""
