"""The API of deputy performance, one module per resource."""
