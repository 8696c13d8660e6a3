"""The API of township evaluation, one module per resource."""
